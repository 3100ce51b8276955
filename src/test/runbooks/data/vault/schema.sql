create table ticket (id int primary key, title text, state text);

-- One row that a sweep about to start locks (SELECT ... FOR UPDATE) while it looks for a running one, so two sweeps
-- starting at the same moment (the daily timer and an operator, or two nodes) take turns and the second sees the first.
create table retention_sweep_lock (
    id integer primary key
);
insert into retention_sweep_lock (id) values (1);

// Counts the thaws of a service in a system property, so a test sees that the application was thawed.
def key = "lifeboat.test.thaws." + service.id()
System.setProperty(key, String.valueOf(Integer.getInteger(key, 0) + 1))

package io.lifeboat;

import java.lang.reflect.Constructor;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.TypeExcludeFilter;

/** For Lifeboat started by hand (not by {@code @SpringBootTest}) from the test classpath. */
public final class HandStartedContexts {

    private HandStartedContexts() {
    }

    /**
     * Leaves out of component scanning what {@code @SpringBootTest} leaves out (test configurations, classes nested in
     * tests); otherwise every test's beans would join the application. Boot keeps that filter package-private.
     */
    public static SpringApplicationBuilder withoutTestTypes(SpringApplicationBuilder builder) {
        return builder.initializers(context -> context.getBeanFactory()
                .registerSingleton("testTypeExcludeFilter", testTypeExcludeFilter()));
    }

    private static TypeExcludeFilter testTypeExcludeFilter() {
        try {
            Constructor<?> constructor = Class.forName("org.springframework.boot.test.context.filter.TestTypeExcludeFilter")
                    .getDeclaredConstructor();
            constructor.setAccessible(true);
            return (TypeExcludeFilter) constructor.newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("Spring Boot's TestTypeExcludeFilter is not available", e);
        }
    }
}

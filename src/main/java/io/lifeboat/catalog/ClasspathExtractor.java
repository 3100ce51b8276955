package io.lifeboat.catalog;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;

import org.springframework.core.io.Resource;
import org.springframework.core.io.support.ResourcePatternResolver;
import org.springframework.util.StringUtils;

/** Copies a classpath directory (from a jar or from the file system) to a real directory. */
public final class ClasspathExtractor {

    private final ResourcePatternResolver resolver;

    public ClasspathExtractor(ResourcePatternResolver resolver) {
        this.resolver = resolver;
    }

    /**
     * Replaces {@code target} with the files under classpath directory {@code classpathDir} (e.g. {@code runbooks});
     * nothing of an earlier extraction survives, so files removed from the jar disappear too.
     *
     * @return the number of files extracted, 0 when the classpath has no such directory
     */
    public int extractFresh(String classpathDir, Path target) throws IOException {
        deleteRecursively(target);
        Files.createDirectories(target);
        int count = 0;
        for (Resource root : resolver.getResources(ResourcePatternResolver.CLASSPATH_ALL_URL_PREFIX + classpathDir + "/")) {
            String rootUrl = root.getURL().toString();
            for (Resource resource : resolver.getResources(rootUrl + "**")) {
                if (isDirectory(resource)) {
                    continue;
                }
                Path file = target.resolve(relativePath(root, resource)).normalize();
                if (!file.startsWith(target)) {
                    throw new IOException(resource + " would be extracted outside " + target);
                }
                Files.createDirectories(file.getParent());
                try (InputStream in = resource.getInputStream()) {
                    Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
                }
                count++;
            }
        }
        return count;
    }

    private static boolean isDirectory(Resource resource) throws IOException {
        return resource.isFile() ? resource.getFile().isDirectory() : resource.getURL().toString().endsWith("/");
    }

    private static String relativePath(Resource root, Resource resource) throws IOException {
        if (root.isFile()) {
            // file URLs of the root and its matches may differ in form (file:/x vs file:///x): compare paths instead
            return root.getFile().toPath().relativize(resource.getFile().toPath()).toString();
        }
        return StringUtils.uriDecode(resource.getURL().toString().substring(root.getURL().toString().length()),
                StandardCharsets.UTF_8);
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}

package io.lifeboat.security;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Collections;
import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.camunda.bpm.engine.ExternalTaskService;
import org.camunda.bpm.engine.externaltask.ExternalTask;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Keeps members of {@link Roles#AGENTS} to the external tasks of the agent topics on {@code /engine-rest}: fetch and
 * lock naming only those topics, and complete, fail, extend or unlock a task of one of them. Everything else an
 * agent asks is refused with 403, however Camunda's authorizations (which cannot tell topics apart, and let whoever
 * completes external tasks also set variables elsewhere) would answer. camunda-admin is not restricted.
 */
class AgentRequestFilter extends OncePerRequestFilter {

    private static final String FETCH_AND_LOCK = EngineRestAuthenticationFilter.ENGINE_REST + "/external-task/fetchAndLock";
    private static final Pattern TASK_OPERATION = Pattern.compile(
            Pattern.quote(EngineRestAuthenticationFilter.ENGINE_REST)
                    + "/external-task/([^/]+)/(complete|failure|bpmnError|extendLock|unlock)");

    private final Set<String> topics;
    private final ExternalTaskService externalTasks;
    private final ObjectMapper json;
    private final JsonSecurityErrors errors;

    AgentRequestFilter(Set<String> topics, ExternalTaskService externalTasks, ObjectMapper json, JsonSecurityErrors errors) {
        this.topics = Collections.unmodifiableSortedSet(new TreeSet<>(topics));
        this.externalTasks = externalTasks;
        this.json = json;
        this.errors = errors;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !EngineRestAuthenticationFilter.isEngineRest(request) || !isAgentOnly();
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String path = EngineRestAuthenticationFilter.PATHS.getPathWithinApplication(request);
        if (!"POST".equals(request.getMethod())) {
            errors.forbid(response, "agents may only work external tasks of the topics " + topics);
            return;
        }
        if (path.equals(FETCH_AND_LOCK)) {
            byte[] body = request.getInputStream().readAllBytes();
            Set<String> asked = fetchedTopics(body);
            if (asked == null || asked.isEmpty() || !topics.containsAll(asked)) {
                errors.forbid(response, "agents may only fetch and lock the topics " + topics);
                return;
            }
            chain.doFilter(new RepeatedBody(request, body), response);
            return;
        }
        Matcher operation = TASK_OPERATION.matcher(path);
        if (operation.matches()) {
            ExternalTask task = externalTasks.createExternalTaskQuery().externalTaskId(operation.group(1)).singleResult();
            // an unknown task is the engine's to answer (404); a known one must be of an agent topic
            if (task == null || topics.contains(task.getTopicName())) {
                chain.doFilter(request, response);
                return;
            }
        }
        errors.forbid(response, "agents may only work external tasks of the topics " + topics);
    }

    /** The topic names of a fetch-and-lock request, or null when the body is not one. */
    private Set<String> fetchedTopics(byte[] body) {
        try {
            JsonNode request = json.readTree(body);
            if (request == null || !request.path("topics").isArray()) {
                return null;
            }
            Set<String> names = new HashSet<>();
            request.path("topics").forEach(topic -> names.add(topic.path("topicName").asText("")));
            return names;
        } catch (IOException notJson) {
            return null;
        }
    }

    private static boolean isAgentOnly() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication == null) {
            return false;
        }
        Set<String> groups = new HashSet<>();
        authentication.getAuthorities().stream().map(GrantedAuthority::getAuthority).forEach(groups::add);
        return groups.contains(Roles.AGENTS) && !groups.contains(Roles.CAMUNDA_ADMIN);
    }

    /** The request with its body read once here and served again to the engine's REST resources. */
    private static final class RepeatedBody extends HttpServletRequestWrapper {

        private final byte[] body;

        RepeatedBody(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public ServletInputStream getInputStream() {
            ByteArrayInputStream bytes = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public int read() {
                    return bytes.read();
                }

                @Override
                public int read(byte[] buffer, int offset, int length) {
                    return bytes.read(buffer, offset, length);
                }

                @Override
                public boolean isFinished() {
                    return bytes.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new UnsupportedOperationException("the body is already read");
                }
            };
        }
    }
}

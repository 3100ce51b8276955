package io.lifeboat.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.not;

import org.springframework.http.converter.json.Jackson2ObjectMapperBuilder;
import org.springframework.http.converter.json.MappingJackson2HttpMessageConverter;

import com.fasterxml.jackson.databind.ObjectMapper;

import static org.hamcrest.Matchers.containsString;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;

class ApiExceptionHandlerTest {

    MockMvc mvc;

    @BeforeEach
    void setUp() {
        mvc = MockMvcBuilders.standaloneSetup(new TestController()).setControllerAdvice(new ApiExceptionHandler()).build();
    }

    @Test
    void malformedJsonIs400NamingWhereItBroke() throws Exception {
        postJson("{\"serviceId\": \"a\",")
                .andExpect(status().isBadRequest())
                .andExpect(content().json("""
                        {"error": "unreadable request body"}"""))
                .andExpect(content().string(containsString("malformed JSON (line 1, column")));
    }

    @Test
    void wrongTypeInTheBodyIs400NamingTheField() throws Exception {
        postJson("{\"serviceId\": \"a\", \"priority\": \"high\"}")
                .andExpect(status().isBadRequest())
                .andExpect(content().string(containsString("\"detail\":\"field 'priority': ")));
    }

    @Test
    void missingBodyIs400() throws Exception {
        mvc.perform(post("/test")
                        .contentType(MediaType.APPLICATION_JSON))
                .andExpect(status().isBadRequest())
                .andExpect(content().json("""
                        {"error": "unreadable request body", "detail": "Required request body is missing"}""", true));
    }

    @Test
    void invalidBodyIs400NamingEveryField() throws Exception {
        postJson("{\"serviceId\": \" \", \"priority\": 0}")
                .andExpect(status().isBadRequest())
                .andExpect(content().json("""
                        {"error": "invalid request",
                         "detail": "priority: must be greater than or equal to 1; serviceId: must not be blank"}""", true));
    }

    @Test
    void missingRequestParameterIs400() throws Exception {
        mvc.perform(get("/test"))
                .andExpect(status().isBadRequest())
                .andExpect(content().json("""
                        {"error": "invalid request", "detail": "missing request parameter 'limit' (int)"}""", true));
    }

    @Test
    void badRequestParameterIs400() throws Exception {
        mvc.perform(get("/test").param("limit", "ten"))
                .andExpect(status().isBadRequest())
                .andExpect(content().json("""
                        {"error": "invalid request", "detail": "'ten' is not a valid limit (expected a number)"}""", true));
    }

    @Test
    void aNumberWhereAStringBelongsIs400InWordsWithoutJavaClassNames() throws Exception {
        strictMvc().perform(post("/test").contentType(MediaType.APPLICATION_JSON).content("{\"serviceId\": 17, \"priority\": 1}"))
                .andExpect(status().isBadRequest())
                .andExpect(content().json("""
                        {"error": "unreadable request body", "detail": "field 'serviceId': '17' is not a string"}""", true));
    }

    @Test
    void aBodyThatIsNotDeclaredJsonIs415() throws Exception {
        mvc.perform(post("/test").contentType(MediaType.TEXT_PLAIN).content("{\"serviceId\": \"a\", \"priority\": 1}"))
                .andExpect(status().isUnsupportedMediaType())
                .andExpect(content().json("""
                        {"error": "unsupported media type",
                         "detail": "the body must be sent as application/json or application/yaml or application/*+json, not 'text/plain'"}""", true));
    }

    @Test
    void trailingGarbageAfterTheObjectIs400() throws Exception {
        strictMvc().perform(post("/test").contentType(MediaType.APPLICATION_JSON).content("{\"serviceId\": \"a\", \"priority\": 1} x"))
                .andExpect(status().isBadRequest())
                .andExpect(content().string(containsString("malformed JSON")))
                .andExpect(content().string(not(containsString("java."))));
    }

    @Test
    void aLongBadParameterIsQuotedUpTo200Characters() throws Exception {
        String value = "x".repeat(5000);
        String detail = mvc.perform(get("/test").param("limit", value)).andExpect(status().isBadRequest())
                .andReturn().getResponse().getContentAsString();
        assertThat(detail).contains("'" + "x".repeat(200) + "…' is not a valid limit").doesNotContain("x".repeat(201));
    }

    /** With Lifeboat's JSON settings, as the running application has them. */
    private MockMvc strictMvc() {
        Jackson2ObjectMapperBuilder builder = Jackson2ObjectMapperBuilder.json();
        new StrictJson().customize(builder);
        ObjectMapper strict = builder.build();
        return MockMvcBuilders.standaloneSetup(new TestController()).setControllerAdvice(new ApiExceptionHandler())
                .setMessageConverters(new MappingJackson2HttpMessageConverter(strict)).build();
    }

    private ResultActions postJson(String json) throws Exception {
        return mvc.perform(post("/test")
                .contentType(MediaType.APPLICATION_JSON).content(json));
    }

    record Request(@NotBlank String serviceId, @Min(1) int priority) {
    }

    @RestController
    static class TestController {

        @PostMapping("/test")
        String create(@Valid @RequestBody Request request) {
            return "ok";
        }

        @GetMapping("/test")
        String list(@RequestParam int limit) {
            return "ok";
        }
    }
}

package dev.chunkcluster.examples.backtest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.util.List;

/**
 * What one chunk of the sweep found, as stored in the chunk's {@code result} column: a small JSON document such as
 * <pre>{"metric":"calmar","first":0,"count":64,"tested":64,"best":{...},"top":[{...}, ...]}</pre>
 * {@code top} holds the chunk's ten best parameter sets, best first; {@code best} repeats the first for people who
 * query the table by hand ({@code json_extract(result, '$.best.score')}). Jackson writes and reads the record as it
 * is; unknown fields are skipped, so a newer writer's documents still read.
 *
 * @param metric what {@code score} measures
 * @param tested combinations evaluated; equals {@code count} for a finished chunk
 */
public record ChunkResult(String metric, long first, long count, long tested, RankedResult best,
                          List<RankedResult> top) {

    /** The ranking metric's name. */
    public static final String METRIC = "calmar";

    private static final ObjectMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    /** @throws IllegalArgumentException when {@code top} is missing */
    public ChunkResult {
        if (top == null) {
            throw new IllegalArgumentException("has no \"top\" list");
        }
        top = List.copyOf(top);
    }

    public static ChunkResult of(long first, long count, long tested, List<RankedResult> top) {
        return new ChunkResult(METRIC, first, count, tested, top.isEmpty() ? null : top.get(0), top);
    }

    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the result of combinations " + first + " to "
                    + (first + count - 1) + " as JSON: " + e.getOriginalMessage(), e);
        }
    }

    /**
     * Reads a stored result.
     *
     * @throws IllegalArgumentException if {@code json} is not a result document
     */
    public static ChunkResult fromJson(String json) {
        if (json == null || json.isBlank()) {
            throw new IllegalArgumentException("a chunk result must be a JSON document; got "
                    + (json == null ? "null" : "an empty string"));
        }
        try {
            return JSON.readValue(json, ChunkResult.class);
        } catch (ValueInstantiationException e) {
            // the document is JSON, but not a whole result
            String problem = e.getCause() == null ? e.getOriginalMessage() : e.getCause().getMessage();
            throw new IllegalArgumentException("chunk result " + problem + ": " + abbreviate(json), e);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("chunk result is not a result document (" + e.getOriginalMessage()
                    + "): " + abbreviate(json), e);
        }
    }

    private static String abbreviate(String text) {
        return text.length() <= 120 ? text : text.substring(0, 117) + "...";
    }
}

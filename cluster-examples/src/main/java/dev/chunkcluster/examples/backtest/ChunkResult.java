package dev.chunkcluster.examples.backtest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * What one chunk of the sweep found, as stored in the chunk's {@code result} column: a small JSON document such as
 * <pre>{"metric":"calmar","first":0,"count":64,"tested":64,"best":{...},"top":[{...}, ...]}</pre>
 * {@code top} holds the chunk's ten best parameter sets, best first; {@code best} repeats the first for people who
 * query the table by hand ({@code json_extract(result, '$.best.score')}).
 *
 * <p>The document is written and read with Jackson's streaming API, not its object mapper: every worker writes one per
 * chunk and {@code explore} reads them all as its last step, and the mapper's first use (loading and introspecting
 * some 500 classes) cost a worker 40–75 ms on its first chunk and {@code results} about 0.2 s. Unknown fields are
 * skipped, so a newer writer's documents still read.
 *
 * @param metric what {@code score} measures
 * @param tested combinations evaluated; equals {@code count} for a finished chunk
 */
public record ChunkResult(String metric, long first, long count, long tested, RankedResult best,
                          List<RankedResult> top) {

    /** The ranking metric's name. */
    public static final String METRIC = "calmar";

    private static final JsonFactory JSON = JsonFactory.builder()
            .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER)
            .build();

    public ChunkResult {
        top = List.copyOf(top);
    }

    public static ChunkResult of(long first, long count, long tested, List<RankedResult> top) {
        return new ChunkResult(METRIC, first, count, tested, top.isEmpty() ? null : top.get(0), top);
    }

    public String toJson() {
        StringWriter out = new StringWriter(200 + 260 * top.size());
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.writeStartObject();
            json.writeStringField("metric", metric);
            json.writeNumberField("first", first);
            json.writeNumberField("count", count);
            json.writeNumberField("tested", tested);
            json.writeFieldName("best");
            write(json, best);
            json.writeArrayFieldStart("top");
            for (RankedResult result : top) {
                write(json, result);
            }
            json.writeEndArray();
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the result of combinations " + first + " to "
                    + (first + count - 1) + " as JSON: " + e.getMessage(), e);
        }
        return out.toString();
    }

    private static void write(JsonGenerator json, RankedResult result) throws IOException {
        if (result == null) {
            json.writeNull();
            return;
        }
        json.writeStartObject();
        json.writeNumberField("combination", result.combination());
        json.writeNumberField("fastLength", result.fastLength());
        json.writeNumberField("slowLength", result.slowLength());
        json.writeNumberField("atrMultiplier", result.atrMultiplier());
        json.writeNumberField("leverage", result.leverage());
        json.writeNumberField("score", result.score());
        json.writeNumberField("cagr", result.cagr());
        json.writeNumberField("maxDrawdown", result.maxDrawdown());
        json.writeNumberField("sharpe", result.sharpe());
        json.writeNumberField("trades", result.trades());
        json.writeEndObject();
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
        try (JsonParser parser = JSON.createParser(json)) {
            expect(parser.nextToken(), JsonToken.START_OBJECT, "a JSON object", json);
            String metric = null;
            long first = 0;
            long count = 0;
            long tested = 0;
            RankedResult best = null;
            List<RankedResult> top = null;
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                switch (field) {
                    case "metric" -> metric = value == JsonToken.VALUE_NULL ? null : parser.getValueAsString();
                    case "first" -> first = parser.getLongValue();
                    case "count" -> count = parser.getLongValue();
                    case "tested" -> tested = parser.getLongValue();
                    case "best" -> best = value == JsonToken.VALUE_NULL ? null : ranked(parser, json);
                    case "top" -> top = value == JsonToken.VALUE_NULL ? null : rankedList(parser, json);
                    default -> parser.skipChildren();
                }
            }
            if (top == null) {
                throw new IllegalArgumentException("chunk result has no \"top\" list: " + abbreviate(json));
            }
            return new ChunkResult(metric, first, count, tested, best, top);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("chunk result is not a result document (" + e.getOriginalMessage()
                    + "): " + abbreviate(json), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<RankedResult> rankedList(JsonParser parser, String json) throws IOException {
        expect(parser.currentToken(), JsonToken.START_ARRAY, "\"top\" as a list", json);
        List<RankedResult> results = new ArrayList<>();
        while (parser.nextToken() != JsonToken.END_ARRAY) {
            results.add(ranked(parser, json));
        }
        return results;
    }

    private static RankedResult ranked(JsonParser parser, String json) throws IOException {
        expect(parser.currentToken(), JsonToken.START_OBJECT, "each ranked result as an object", json);
        long combination = 0;
        int fastLength = 0;
        int slowLength = 0;
        double atrMultiplier = 0;
        double leverage = 0;
        double score = 0;
        double cagr = 0;
        double maxDrawdown = 0;
        double sharpe = 0;
        int trades = 0;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            parser.nextToken();
            switch (field) {
                case "combination" -> combination = parser.getLongValue();
                case "fastLength" -> fastLength = parser.getIntValue();
                case "slowLength" -> slowLength = parser.getIntValue();
                case "atrMultiplier" -> atrMultiplier = parser.getDoubleValue();
                case "leverage" -> leverage = parser.getDoubleValue();
                case "score" -> score = parser.getDoubleValue();
                case "cagr" -> cagr = parser.getDoubleValue();
                case "maxDrawdown" -> maxDrawdown = parser.getDoubleValue();
                case "sharpe" -> sharpe = parser.getDoubleValue();
                case "trades" -> trades = parser.getIntValue();
                default -> parser.skipChildren();
            }
        }
        return new RankedResult(combination, fastLength, slowLength, atrMultiplier, leverage, score, cagr, maxDrawdown,
                sharpe, trades);
    }

    private static void expect(JsonToken actual, JsonToken expected, String what, String json) {
        if (actual != expected) {
            throw new IllegalArgumentException("chunk result is not a result document (expected " + what + ", found "
                    + (actual == null ? "the end" : actual.asString() == null ? actual.name() : actual.asString())
                    + "): " + abbreviate(json));
        }
    }

    private static String abbreviate(String text) {
        return text.length() <= 120 ? text : text.substring(0, 117) + "...";
    }
}

package dev.chunkcluster.examples.logging;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

/** Outside data in a message can neither start a log line nor reach a terminal as an escape sequence. */
class EscapedMessageTest {

    @Test
    void controlCharactersAreEscaped() {
        assertEquals("a\\nFAKE line\\r\\tb\\u001b[31mred\\u0000",
                EscapedMessage.escape("a\nFAKE line\r\tb\u001b[31mred\0"));
    }

    @Test
    void aPlainMessageIsLeftAsItIs() {
        String plain = "exploration 'ma-atr-sweep': reset 3 running chunks — ünïcode stays";
        assertSame(plain, EscapedMessage.escape(plain));
    }
}

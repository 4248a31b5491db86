package dev.janus.model.structured;

import dk.brics.automaton.Automaton;
import dk.brics.automaton.BasicAutomata;
import java.nio.charset.StandardCharsets;

/**
 * Regular languages of compact JSON text over <em>bytes</em>: each automaton character is one
 * byte (0..255) of the UTF-8 text, so a token's bytes can be run through it even when a token
 * ends inside a multi-byte character. No whitespace is produced between tokens (compact JSON,
 * as a serializer writes it). Numbers have bounded digits so every value ends: a model with
 * random weights must not be able to write digits forever.
 */
final class JsonPieces {

    /** Integer digits at most (10^15 - 1 < 2^53: exact as a double too). */
    static final int MAX_INTEGER_DIGITS = 15;
    static final int MAX_FRACTION_DIGITS = 15;
    static final int MAX_EXPONENT_DIGITS = 2;

    private JsonPieces() {
    }

    /** The UTF-8 bytes of text as automaton characters. */
    static String bytes(String text) {
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        char[] chars = new char[utf8.length];
        for (int i = 0; i < utf8.length; i++) {
            chars[i] = (char) (utf8[i] & 0xFF);
        }
        return new String(chars);
    }

    static Automaton literal(String jsonText) {
        return BasicAutomata.makeString(bytes(jsonText));
    }

    private static Automaton range(int from, int to) {
        return BasicAutomata.makeCharRange((char) from, (char) to);
    }

    private static Automaton seq(Automaton... parts) {
        Automaton out = BasicAutomata.makeEmptyString();
        for (Automaton p : parts) {
            out = out.concatenate(p);
        }
        return out;
    }

    private static Automaton digits() {
        return range('0', '9');
    }

    private static Automaton hex() {
        return range('0', '9').union(range('a', 'f')).union(range('A', 'F'));
    }

    /**
     * One character of a JSON string's content: printable ASCII but {@code "} and {@code \},
     * an escape (no {@code \}{@code u} surrogates: a pair counts as two characters here but one
     * code point for a validator's length), or one well-formed UTF-8 multi-byte character
     * (RFC 3629 table 4).
     */
    static Automaton stringCharacter() {
        Automaton cont = range(0x80, 0xBF);
        Automaton ascii = range(0x20, 0x21).union(range(0x23, 0x5B)).union(range(0x5D, 0x7F));
        Automaton simpleEscape = seq(BasicAutomata.makeChar('\\'), BasicAutomata.makeCharSet("\"\\/bfnrt"));
        Automaton notSurrogate = range('0', '9').union(range('a', 'c')).union(range('A', 'C'))
                .union(range('e', 'f')).union(range('E', 'F')).concatenate(hex()).concatenate(hex()).concatenate(hex())
                .union(BasicAutomata.makeCharSet("dD").concatenate(range('0', '7')).concatenate(hex()).concatenate(hex()));
        Automaton unicodeEscape = seq(BasicAutomata.makeString("\\u"), notSurrogate);
        Automaton utf8 = seq(range(0xC2, 0xDF), cont)
                .union(seq(BasicAutomata.makeChar((char) 0xE0), range(0xA0, 0xBF), cont))
                .union(seq(range(0xE1, 0xEC).union(range(0xEE, 0xEF)), cont, cont))
                .union(seq(BasicAutomata.makeChar((char) 0xED), range(0x80, 0x9F), cont))
                .union(seq(BasicAutomata.makeChar((char) 0xF0), range(0x90, 0xBF), cont, cont))
                .union(seq(range(0xF1, 0xF3), cont, cont, cont))
                .union(seq(BasicAutomata.makeChar((char) 0xF4), range(0x80, 0x8F), cont, cont));
        return ascii.union(simpleEscape).union(unicodeEscape).union(utf8);
    }

    /** A JSON string of minLength..maxLength characters (maxLength -1: unbounded). */
    static Automaton string(int minLength, int maxLength) {
        Automaton chars = maxLength < 0 ? stringCharacter().repeat(minLength) : stringCharacter().repeat(minLength, maxLength);
        Automaton quote = BasicAutomata.makeChar('"');
        return seq(quote, chars, quote);
    }

    /** Digits of a non-negative integer without leading zeros, 1..MAX_INTEGER_DIGITS long. */
    static Automaton naturalDigits() {
        return BasicAutomata.makeChar('0').union(range('1', '9').concatenate(digits().repeat(0, MAX_INTEGER_DIGITS - 1)));
    }

    static Automaton integer() {
        return BasicAutomata.makeChar('-').optional().concatenate(naturalDigits());
    }

    static Automaton number() {
        Automaton fraction = BasicAutomata.makeChar('.').concatenate(digits().repeat(1, MAX_FRACTION_DIGITS));
        Automaton exponent = seq(BasicAutomata.makeCharSet("eE"), BasicAutomata.makeCharSet("+-").optional(),
                digits().repeat(1, MAX_EXPONENT_DIGITS));
        return seq(integer(), fraction.optional(), exponent.optional());
    }

    /**
     * Integers in [min, max] (inclusive, either may be null for unbounded), written without
     * leading zeros and with at most MAX_INTEGER_DIGITS digits.
     */
    static Automaton integer(Long min, Long max) {
        Automaton out = BasicAutomata.makeEmpty();
        if (max == null || max >= 0) {
            Automaton natural = naturalDigits();
            if (min != null && min > 0) {
                natural = natural.intersection(BasicAutomata.makeMinInteger(Long.toString(min)));
            }
            if (max != null) {
                natural = natural.intersection(BasicAutomata.makeMaxInteger(Long.toString(max)));
            }
            out = out.union(natural);
        }
        if (min == null || min < 0) {
            // negatives: "-" then a magnitude in [max(1, -max), -min]
            Automaton magnitude = naturalDigits().minus(BasicAutomata.makeChar('0'));
            if (max != null && max < -1) {
                magnitude = magnitude.intersection(BasicAutomata.makeMinInteger(Long.toString(-max)));
            }
            if (min != null) {
                magnitude = magnitude.intersection(BasicAutomata.makeMaxInteger(Long.toString(-min)));
            }
            out = out.union(BasicAutomata.makeChar('-').concatenate(magnitude));
        }
        return out;
    }

    /** Any JSON value with objects and arrays nested at most {@code depth} deep. */
    static Automaton anyValue(int depth) {
        Automaton scalar = literal("true").union(literal("false")).union(literal("null")).union(number())
                .union(string(0, -1));
        if (depth <= 0) {
            return scalar;
        }
        Automaton inner = anyValue(depth - 1);
        return scalar.union(object(inner)).union(array(inner, 0, -1));
    }

    /** An object with any string keys whose values are in {@code value}. */
    static Automaton object(Automaton value) {
        Automaton member = seq(string(0, -1), BasicAutomata.makeChar(':'), value);
        return seq(BasicAutomata.makeChar('{'), list(member, 0, -1), BasicAutomata.makeChar('}'));
    }

    static Automaton array(Automaton item, int minItems, int maxItems) {
        return seq(BasicAutomata.makeChar('['), list(item, minItems, maxItems), BasicAutomata.makeChar(']'));
    }

    /** min..max (max -1: unbounded) comma-separated items. */
    static Automaton list(Automaton item, int min, int max) {
        if (max == 0) {
            return BasicAutomata.makeEmptyString();
        }
        Automaton more = BasicAutomata.makeChar(',').concatenate(item);
        Automaton rest = max < 0 ? more.repeat(Math.max(0, min - 1)) : more.repeat(Math.max(0, min - 1), max - 1);
        Automaton nonEmpty = item.concatenate(rest);
        return min == 0 ? nonEmpty.optional() : nonEmpty;
    }
}

package dev.janus.attention.api;

import java.math.BigDecimal;
import java.math.BigInteger;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.module.SimpleModule;

/**
 * Scalars as the OpenAI API means them, for binding requests: Jackson would turn {@code "10"}
 * into 10, {@code 1.5} into 1 and {@code 5} into "5"; here a string field takes only strings,
 * a boolean only true/false, a number only a finite number, and an integer only a number with
 * no fraction in range ({@code 1.0} counts as 1, as Python clients write it). Anything else is a
 * {@link MismatchedInputException} that {@link RequestBinder} turns into a 400 naming the field.
 */
final class StrictScalars {

    private StrictScalars() {
    }

    static SimpleModule module() {
        SimpleModule m = new SimpleModule("openai-strict-scalars");
        m.addDeserializer(String.class, new Strict<>(String.class) {
            @Override
            public String deserialize(JsonParser p, DeserializationContext ctxt) {
                return p.currentToken() == JsonToken.VALUE_STRING ? p.getString() : fail(p);
            }
        });
        m.addDeserializer(Boolean.class, new Strict<>(Boolean.class) {
            @Override
            public Boolean deserialize(JsonParser p, DeserializationContext ctxt) {
                return switch (p.currentToken()) {
                    case VALUE_TRUE -> true;
                    case VALUE_FALSE -> false;
                    default -> fail(p);
                };
            }
        });
        m.addDeserializer(Double.class, new Strict<>(Double.class) {
            @Override
            public Double deserialize(JsonParser p, DeserializationContext ctxt) {
                if (p.currentToken().isNumeric()) {
                    double d = p.getDoubleValue();
                    if (Double.isFinite(d)) {
                        return d;
                    }
                }
                return fail(p);
            }
        });
        m.addDeserializer(Integer.class, new Strict<>(Integer.class) {
            @Override
            public Integer deserialize(JsonParser p, DeserializationContext ctxt) {
                BigInteger v = integral(p);
                return v != null && v.bitLength() < Integer.SIZE ? v.intValue() : fail(p);
            }
        });
        m.addDeserializer(Long.class, new Strict<>(Long.class) {
            @Override
            public Long deserialize(JsonParser p, DeserializationContext ctxt) {
                BigInteger v = integral(p);
                return v != null && v.bitLength() < Long.SIZE ? v.longValue() : fail(p);
            }
        });
        return m;
    }

    /** The exact integer a number token holds, or null (not a number, a fraction, not finite). */
    private static BigInteger integral(JsonParser p) {
        if (!p.currentToken().isNumeric()) {
            return null;
        }
        if (p.currentToken() == JsonToken.VALUE_NUMBER_FLOAT && !Double.isFinite(p.getDoubleValue())) {
            return null;
        }
        BigDecimal d = p.getDecimalValue();
        try {
            return d.toBigIntegerExact();
        } catch (ArithmeticException e) {
            return null;
        }
    }

    /** Names its type in the error, which RequestBinder words for the client. */
    private abstract static class Strict<T> extends ValueDeserializer<T> {
        private final Class<T> type;

        Strict(Class<T> type) {
            this.type = type;
        }

        @Override
        public Class<?> handledType() {
            return type;
        }

        T fail(JsonParser p) {
            throw MismatchedInputException.from(p, type, "wrong type for " + type.getSimpleName());
        }
    }
}

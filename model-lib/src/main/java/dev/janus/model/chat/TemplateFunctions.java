package dev.janus.model.chat;

import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.lib.filter.Filter;
import dev.janus.model.json.PythonJson;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;

/** The globals HF adds to the chat-template environment, as Jinjava functions and filters. */
final class TemplateFunctions {

    private TemplateFunctions() {
    }

    /** Thrown by {@code raise_exception(msg)}; {@link ChatTemplate} reports its message. */
    static final class RaisedException extends RuntimeException {
        RaisedException(String message) {
            super(message);
        }
    }

    /** {@code raise_exception(message)}: aborts rendering with the template's message. */
    public static Object raiseException(Object message) {
        throw new RaisedException(String.valueOf(message));
    }

    /** {@code strftime_now(format)}: the current local time with a Python strftime format. */
    public static String strftimeNow(Object format) {
        ZonedDateTime now = ZonedDateTime.now();
        String f = String.valueOf(format);
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < f.length(); i++) {
            char c = f.charAt(i);
            if (c != '%' || i + 1 == f.length()) {
                out.append(c);
                continue;
            }
            char code = f.charAt(++i);
            out.append(switch (code) {
                case 'd' -> String.format("%02d", now.getDayOfMonth());
                case 'm' -> String.format("%02d", now.getMonthValue());
                case 'Y' -> String.valueOf(now.getYear());
                case 'y' -> String.format("%02d", now.getYear() % 100);
                case 'H' -> String.format("%02d", now.getHour());
                case 'M' -> String.format("%02d", now.getMinute());
                case 'S' -> String.format("%02d", now.getSecond());
                case 'b' -> now.format(DateTimeFormatter.ofPattern("MMM", Locale.ENGLISH));
                case 'B' -> now.format(DateTimeFormatter.ofPattern("MMMM", Locale.ENGLISH));
                case 'a' -> now.format(DateTimeFormatter.ofPattern("EEE", Locale.ENGLISH));
                case 'A' -> now.format(DateTimeFormatter.ofPattern("EEEE", Locale.ENGLISH));
                case '%' -> "%";
                default -> "%" + code;
            });
        }
        return out.toString();
    }

    /** {@code tojson} as HF defines it: {@code json.dumps(x, ensure_ascii=False, indent=indent)}. */
    static final class ToJson implements Filter {
        @Override
        public String getName() {
            return "tojson";
        }

        @Override
        public Object filter(Object var, JinjavaInterpreter interpreter, String... args) {
            return toJson(var, args.length > 0 && args[0] != null ? Integer.valueOf(args[0]) : null);
        }

        @Override
        public Object filter(Object var, JinjavaInterpreter interpreter, Object[] args, Map<String, Object> kwargs) {
            Object indent = kwargs.containsKey("indent") ? kwargs.get("indent") : args.length > 0 ? args[0] : null;
            return toJson(var, indent == null ? null : ((Number) indent).intValue());
        }

        /** Template values of other types (Jinjava wrappers, dates) are written as their string. */
        private static String toJson(Object var, Integer indent) {
            return PythonJson.dumps(var, indent, false, false, Object::toString);
        }
    }
}

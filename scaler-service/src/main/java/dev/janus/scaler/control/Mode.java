package dev.janus.scaler.control;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** manual: only an explicit apply acts; auto: the periodic evaluation acts, with hysteresis and cooldown. */
public enum Mode {
    MANUAL,
    AUTO;

    @JsonValue
    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static Mode of(String name) {
        return valueOf(name.strip().toUpperCase(Locale.ROOT));
    }
}

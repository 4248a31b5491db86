package dev.janus.scaler.signals;

/** Reads the live signals; fails with {@link SignalsUnavailableException} when it cannot. */
public interface SignalSource {

    Signals read();
}

package dev.janus.scaler.moe;

/** A step of the MoE scaling protocol failed (placement-service refused, an instance never became ready). */
public class MoeScalingException extends RuntimeException {

    public MoeScalingException(String message, Throwable cause) {
        super(message, cause);
    }

    public MoeScalingException(String message) {
        super(message);
    }
}

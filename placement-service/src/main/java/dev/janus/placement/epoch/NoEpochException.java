package dev.janus.placement.epoch;

import dev.janus.service.error.AdminException;
import org.springframework.http.HttpStatus;

/** No epoch yet: the model's shape (layers, experts) has not been learned from any attention-service. */
public class NoEpochException extends AdminException {

    public NoEpochException() {
        super(HttpStatus.SERVICE_UNAVAILABLE, "no_epoch", "No placement epoch yet: no attention-service has "
                + "reported the model's shape (its current epoch or activation statistics). Check "
                + "moe.placement-service.attention and GET /admin/placement/stats.");
    }
}

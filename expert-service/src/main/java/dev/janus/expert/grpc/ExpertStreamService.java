package dev.janus.expert.grpc;

import dev.janus.comm.v1.ActivationBatch;
import dev.janus.comm.v1.ExpertResultBatch;
import dev.janus.comm.v1.ExpertServiceGrpc;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import org.springframework.stereotype.Service;

/**
 * The ExpertService gRPC endpoint (DESIGN.md §5).
 *
 * <p>PLACEHOLDER: computing expert FFNs for incoming ActivationBatches is the work of the
 * disaggregation issue. Until then every stream is refused with UNIMPLEMENTED, so a caller can
 * never mistake this skeleton for a working MoE instance.
 */
@Service
public class ExpertStreamService extends ExpertServiceGrpc.ExpertServiceImplBase {

    @Override
    public StreamObserver<ActivationBatch> stream(StreamObserver<ExpertResultBatch> results) {
        results.onError(Status.UNIMPLEMENTED
                .withDescription("expert-service does not execute experts yet (disaggregation issue)")
                .asRuntimeException());
        return new StreamObserver<>() {
            @Override
            public void onNext(ActivationBatch batch) {
                // the call is already closed with UNIMPLEMENTED; late messages are dropped
            }

            @Override
            public void onError(Throwable t) {}

            @Override
            public void onCompleted() {}
        };
    }
}

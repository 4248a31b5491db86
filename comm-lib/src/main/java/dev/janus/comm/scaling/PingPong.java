package dev.janus.comm.scaling;

/**
 * Time of L layers when the batch is cut into m micro-batches that chase each other through the
 * stages of a layer (MegaScale-Infer, arXiv 2504.02263, "ping-pong pipeline parallelism":
 * attention works on micro-batch i+1 while the experts work on i). Each stage is its own resource
 * (attention GPUs, the link each way, MoE GPUs); s_j is a stage's time for one micro-batch, Σ their
 * sum, s_max the largest. Two lower bounds on any schedule, and their larger is the model:
 * <pre>
 *   resource: L·m·s_max + (Σ − s_max)     the bottleneck busy L·m times, plus the part of one
 *                                         micro-batch's layer it cannot hide (fill and drain)
 *   chain:    (m − 1)·s_0 + L·Σ           the last micro-batch starts after the first stage has
 *                                         served the others, then needs all L layers in sequence
 *   T(m) = max(resource, chain)
 * </pre>
 * With m = 1 both reduce to L·Σ (the chain bound dominates for L ≥ 1): no overlap is the case m = 1,
 * so taking the best m ≥ 1 is never slower than no overlap (a test). Splitting has a price the
 * stage times carry: each micro-batch pays the stage overheads and reads the weights again.
 * Checked against an event-by-event simulation of the greedy schedule in {@code PingPongTest}.
 */
public final class PingPong {

    private PingPong() {
    }

    /**
     * @param layers L
     * @param stages one micro-batch's stage times in order, the first starting each layer
     * @param m      micro-batches, 1 = sequential
     */
    public static double makespan(int layers, double[] stages, int m) {
        if (layers <= 0 || m <= 0 || stages.length == 0) {
            throw new IllegalArgumentException("need layers > 0, m > 0 and a stage");
        }
        double sum = 0;
        double max = 0;
        for (double s : stages) {
            sum += s;
            max = Math.max(max, s);
        }
        double resource = (double) layers * m * max + (sum - max);
        double chain = (m - 1) * stages[0] + layers * sum;
        return Math.max(resource, chain);
    }
}

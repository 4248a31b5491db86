package dev.janus.comm.scaling;

/**
 * a_max and rows of one (n_e, placement) over a grid of batch sizes, as replayed
 * ({@link ReplayedAMax}); read between grid points by linear interpolation. Made non-decreasing
 * (running maximum over the grid): a_max grows with the batch in expectation, and sampling noise
 * must not make the planner's TPOT fall with load. Below the first grid point both scale from 0;
 * beyond the last, a_max continues the last segment's slope up to C (an overestimate, since
 * a_max is concave in B) and rows grow in proportion to B.
 *
 * @param instances          n_e
 * @param slotsPerInstance   C
 * @param batches            grid of batch sizes, ascending
 * @param meanAMax           mean a_max per grid point
 * @param meanActivated      mean activated experts per instance (ā), per grid point
 * @param meanMaxRows        mean rows of the busiest instance, per grid point
 */
public record AMaxTable(int instances, int slotsPerInstance, int[] batches, double[] meanAMax, double[] meanActivated,
                        double[] meanMaxRows) {

    public AMaxTable {
        int n = batches.length;
        if (n == 0 || meanAMax.length != n || meanActivated.length != n || meanMaxRows.length != n) {
            throw new IllegalArgumentException("an a_max table needs one value of each per grid point");
        }
        meanAMax = runningMax(meanAMax);
        meanMaxRows = runningMax(meanMaxRows);
        batches = batches.clone();
        meanActivated = meanActivated.clone();
    }

    @Override
    public int[] batches() {
        return batches.clone();
    }

    @Override
    public double[] meanAMax() {
        return meanAMax.clone();
    }

    @Override
    public double[] meanActivated() {
        return meanActivated.clone();
    }

    @Override
    public double[] meanMaxRows() {
        return meanMaxRows.clone();
    }

    public MoeActivity at(double batch) {
        return new MoeActivity(read(meanAMax, batch, true), read(meanMaxRows, batch, false));
    }

    private double read(double[] values, double b, boolean capped) {
        int n = batches.length;
        if (b <= 0) {
            return 0;
        }
        if (b <= batches[0]) {
            return values[0] * b / batches[0];
        }
        if (b >= batches[n - 1]) {
            if (!capped) {
                return values[n - 1] * b / batches[n - 1];
            }
            double slope = n > 1 ? (values[n - 1] - values[n - 2]) / (batches[n - 1] - batches[n - 2]) : 0;
            return Math.min(Math.max(values[n - 1], slotsPerInstance), values[n - 1] + slope * (b - batches[n - 1]));
        }
        int i = 1;
        while (batches[i] < b) {
            i++;
        }
        double f = (b - batches[i - 1]) / (batches[i] - batches[i - 1]);
        return values[i - 1] + f * (values[i] - values[i - 1]);
    }

    private static double[] runningMax(double[] v) {
        double[] out = v.clone();
        for (int i = 1; i < out.length; i++) {
            out[i] = Math.max(out[i], out[i - 1]);
        }
        return out;
    }
}

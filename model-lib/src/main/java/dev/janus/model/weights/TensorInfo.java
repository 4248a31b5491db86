package dev.janus.model.weights;

import dev.janus.model.tensor.DType;

import java.util.Arrays;

/**
 * One entry of a safetensors header.
 *
 * @param name   tensor name
 * @param dtype  element type
 * @param shape  dimensions, outermost first
 * @param begin  byte offset of the data in the file (header already added)
 * @param end    exclusive end offset in the file
 */
public record TensorInfo(String name, DType dtype, long[] shape, long begin, long end) {

    public long elementCount() {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        return n;
    }

    public String shapeString() {
        return Arrays.toString(shape);
    }
}

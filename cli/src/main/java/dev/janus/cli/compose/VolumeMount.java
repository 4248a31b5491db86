package dev.janus.cli.compose;

/**
 * One {@code volumes:} entry of a service, short syntax {@code SOURCE:TARGET[:ro]}.
 *
 * @param source a named volume, or a host path (bind mount) when it contains a slash or starts with a dot
 */
public record VolumeMount(String source, String target, boolean readOnly) {

    static VolumeMount parse(String spec) {
        String[] parts = spec.split(":");
        if (parts.length < 2 || parts.length > 3 || parts[0].isEmpty() || !parts[1].startsWith("/")) {
            throw new ComposeException("volume '" + spec + "': expected SOURCE:/container/path[:ro|rw]");
        }
        if (parts.length == 3 && !parts[2].equals("ro") && !parts[2].equals("rw")) {
            throw new ComposeException("volume '" + spec + "': mode must be ro or rw");
        }
        return new VolumeMount(parts[0], parts[1], parts.length == 3 && parts[2].equals("ro"));
    }

    public boolean named() {
        return !source.contains("/") && !source.startsWith(".") && !source.startsWith("~");
    }
}

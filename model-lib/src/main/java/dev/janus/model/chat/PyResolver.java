package dev.janus.model.chat;

import java.beans.FeatureDescriptor;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import jinjava.javax.el.ELContext;
import jinjava.javax.el.ELResolver;

/**
 * An EL resolver placed before Jinjava's own: it gives strings their Python methods
 * ({@link PyStringMethods}), dicts {@code items/keys/values/get(key, default)}, and applies
 * {@link PySlice} subscripts. Anything else is left to the next resolver.
 */
final class PyResolver extends ELResolver {

    @Override
    public Object getValue(ELContext context, Object base, Object property) {
        PySlice slice = PySlice.parse(property);
        if (slice != null) {
            if (base instanceof CharSequence s) {
                context.setPropertyResolved(true);
                return slice.apply(s.toString());
            }
            if (base instanceof List<?> list) {
                context.setPropertyResolved(true);
                return slice.apply(list);
            }
        }
        return null;
    }

    @Override
    public Object invoke(ELContext context, Object base, Object method, Class<?>[] paramTypes, Object[] params) {
        if (!(method instanceof String name)) {
            return null;
        }
        Object[] args = params == null ? new Object[0] : params;
        if (base instanceof CharSequence s && PyStringMethods.supports(name)) {
            context.setPropertyResolved(true);
            return PyStringMethods.invoke(s.toString(), name, args);
        }
        if (base instanceof Map<?, ?> map) {
            Object result = switch (name) {
                case "items" -> map.entrySet().stream().map(e -> (Object) List.of(key(e.getKey()), e.getValue())).toList();
                case "keys" -> new ArrayList<>(map.keySet());
                case "values" -> new ArrayList<>(map.values());
                case "get" -> args.length == 2 ? (map.containsKey(args[0]) ? map.get(args[0]) : args[1]) : NOT_MINE;
                default -> NOT_MINE;
            };
            if (result != NOT_MINE) {
                context.setPropertyResolved(true);
                return result;
            }
        }
        return null;
    }

    private static final Object NOT_MINE = new Object();

    private static Object key(Object k) {
        return k == null ? "None" : k;
    }

    @Override
    public Class<?> getType(ELContext context, Object base, Object property) {
        return null;
    }

    @Override
    public void setValue(ELContext context, Object base, Object property, Object value) {
        // read-only: leave to the next resolver
    }

    @Override
    public boolean isReadOnly(ELContext context, Object base, Object property) {
        return false;
    }

    @Override
    public Iterator<FeatureDescriptor> getFeatureDescriptors(ELContext context, Object base) {
        return null;
    }

    @Override
    public Class<?> getCommonPropertyType(ELContext context, Object base) {
        return null;
    }
}

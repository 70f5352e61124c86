package dev.shadowtx.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.core.type.classreading.MetadataReader;
import org.springframework.core.type.classreading.SimpleMetadataReaderFactory;

/**
 * The meters every module on the class path declares: the constants of every {@code dev.shadowtx}
 * enum with a {@code meterName()}, {@code description()} and {@code baseUnit()}, as
 * {@code dev.shadowtx.core.metrics.ShadowMeter} is.
 */
final class MeterDeclarations {

    /**
     * One declared meter.
     * @param name the meter name
     * @param baseUnit the meter's base unit
     * @param declaredBy the enum constant that declares it
     */
    record Meter(String name, String baseUnit, String declaredBy) {}

    private MeterDeclarations() {}

    static Map<String, Meter> all() {
        Map<String, Meter> meters = new TreeMap<>();
        PathMatchingResourcePatternResolver resolver = new PathMatchingResourcePatternResolver();
        SimpleMetadataReaderFactory readers = new SimpleMetadataReaderFactory(resolver);
        try {
            for (Resource resource : resolver.getResources("classpath*:dev/shadowtx/**/*.class")) {
                MetadataReader reader = readers.getMetadataReader(resource);
                if (!"java.lang.Enum".equals(reader.getClassMetadata().getSuperClassName())) {
                    continue;
                }
                Class<?> type = Class.forName(reader.getClassMetadata().getClassName());
                Method name = method(type, "meterName");
                Method baseUnit = method(type, "baseUnit");
                if (name == null || baseUnit == null || method(type, "description") == null) {
                    continue;
                }
                for (Object constant : type.getEnumConstants()) {
                    String meterName = (String) name.invoke(constant);
                    meters.put(
                            meterName,
                            new Meter(
                                    meterName,
                                    (String) baseUnit.invoke(constant),
                                    type.getName() + "." + ((Enum<?>) constant).name()));
                }
            }
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        } catch (ReflectiveOperationException ex) {
            throw new IllegalStateException(ex);
        }
        return meters;
    }

    private static Method method(Class<?> type, String name) {
        try {
            Method method = type.getMethod(name);
            return (method.getReturnType() == String.class) ? method : null;
        } catch (NoSuchMethodException ex) {
            return null;
        }
    }
}

package dev.kcscim.admission;

import java.lang.management.ManagementFactory;
import java.util.function.DoubleSupplier;

/** How busy the machine's processors are, as the JVM reads it (in a container, the container's share). */
final class CpuLoad {

    private CpuLoad() {
    }

    /** 0 to 1 over the last moments, or NaN where the JVM cannot tell. */
    static DoubleSupplier system() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return () -> {
                double load = os.getCpuLoad();
                return load < 0 ? Double.NaN : load;
            };
        }
        return () -> Double.NaN;
    }
}

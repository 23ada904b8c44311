package dev.kcscim.admission;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.function.LongSupplier;

/** The processor time the calling thread has used, in nanoseconds: what a SCIM request costs the node. */
final class ThreadCpu {

    private ThreadCpu() {
    }

    /**
     * The current thread's CPU time where the JVM measures it (HotSpot on Linux, macOS and Windows does), else the
     * wall clock: a request is then charged for its whole run, waiting included, which errs on sign-in's side.
     */
    static LongSupplier current() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        if (threads.isCurrentThreadCpuTimeSupported()) {
            if (!threads.isThreadCpuTimeEnabled()) {
                threads.setThreadCpuTimeEnabled(true);
            }
            return threads::getCurrentThreadCpuTime;
        }
        return System::nanoTime;
    }
}

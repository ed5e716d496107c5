package io.reelstream.demo.reliability;

import com.sun.tools.attach.VirtualMachine;

import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;

/**
 * The heap of a child JVM after a full GC, over JMX: attaches once (the JDK's attach API starts the
 * child's local management agent), then each {@link #heapAfterGcBytes()} asks it to collect and reads
 * the used heap. A full GC per sample is a pause in the child: the soak's p99 includes it.
 */
final class HeapProbe implements AutoCloseable {
    private final JMXConnector connector;
    private final MemoryMXBean memory;

    private HeapProbe(JMXConnector connector, MemoryMXBean memory) {
        this.connector = connector;
        this.memory = memory;
    }

    static HeapProbe attach(long pid) throws IOException {
        String url;
        try {
            VirtualMachine vm = VirtualMachine.attach(Long.toString(pid));
            try {
                url = vm.startLocalManagementAgent();
            } finally {
                vm.detach();
            }
        } catch (com.sun.tools.attach.AttachNotSupportedException e) {
            throw new IOException("cannot attach to JVM " + pid + " (run the harness on a JDK, not a JRE): " + e.getMessage(), e);
        }
        JMXConnector c = JMXConnectorFactory.connect(new JMXServiceURL(url));
        return new HeapProbe(c, ManagementFactory.newPlatformMXBeanProxy(c.getMBeanServerConnection(),
                ManagementFactory.MEMORY_MXBEAN_NAME, MemoryMXBean.class));
    }

    /** Used heap right after a full GC (System.gc() in the child). */
    long heapAfterGcBytes() {
        memory.gc();
        return memory.getHeapMemoryUsage().getUsed();
    }

    @Override
    public void close() {
        try {
            connector.close();
        } catch (IOException ignored) {
            // the child may be gone already
        }
    }
}

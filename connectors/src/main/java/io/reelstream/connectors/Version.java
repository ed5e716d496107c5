package io.reelstream.connectors;

/** The version Connect shows for our plugins: the jar's Implementation-Version, or the build's default. */
public final class Version {
    static final String DEFAULT_VERSION = "0.1.0-SNAPSHOT";

    private Version() {}

    public static String get() {
        String v = Version.class.getPackage().getImplementationVersion();
        return v != null ? v : DEFAULT_VERSION;
    }
}

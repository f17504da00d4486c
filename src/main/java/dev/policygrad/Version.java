package dev.policygrad;

/** The version of policygrad, as recorded in runs and printed by {@code --version}. */
public final class Version {

    public static final String NUMBER = "0.1.0";

    private Version() {}
}

package dev.sluice.config;

/** The parts of Sluice that read their configuration from the environment. */
public enum Component {
    /** The REST API's Lambda functions (and the local mode's API). */
    API_FUNCTIONS("API functions"),
    /** The scheduled jobs' Lambda functions (quota scan). */
    JOBS("jobs"),
    /** The SFTP server's Fargate task ({@code SftpMain}). */
    SFTP_TASK("SFTP task");

    private final String label;

    Component(String label) {
        this.label = label;
    }

    /** How the docs name it. */
    public String label() {
        return label;
    }
}

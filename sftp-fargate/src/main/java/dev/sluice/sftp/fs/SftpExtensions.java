package dev.sluice.sftp.fs;

import java.util.List;
import org.apache.sshd.common.PropertyResolver;
import org.apache.sshd.sftp.SftpModuleProperties;
import org.apache.sshd.sftp.common.SftpConstants;

/**
 * The SFTP extensions the server advertises in its init reply: only those it answers. MINA's
 * defaults also advertise {@code hardlink@openssh.com} (S3 has no links), {@code copy-file} and
 * {@code copy-data} (no server-side copy), {@code space-available} (S3 has no file store) and the
 * hashes of {@code md5-hash}/{@code check-file-*} (not served from S3 yet); a client that trusts
 * the list would try them and fail. {@code statvfs@openssh.com} and {@code fstatvfs@openssh.com}
 * are answered by {@link SluiceSftpSubsystem}.
 */
public final class SftpExtensions {

    /** OpenSSH's extensions, name and version, in the order OpenSSH's server lists them. */
    static final List<String> OPENSSH =
            List.of(
                    "posix-rename@openssh.com=1",
                    SluiceSftpSubsystem.STATVFS + "=2",
                    SluiceSftpSubsystem.FSTATVFS + "=2",
                    "fsync@openssh.com=1",
                    "lsetstat@openssh.com=1",
                    "limits@openssh.com=1");

    /** The SFTP v5/v6 extensions listed in "supported"/"supported2". */
    static final List<String> CLIENT = List.of(SftpConstants.EXT_VERSION_SELECT);

    private SftpExtensions() {}

    /** Sets the advertised lists on the server (its sessions inherit them). */
    public static void apply(PropertyResolver server) {
        SftpModuleProperties.OPENSSH_EXTENSIONS.set(server, String.join(",", OPENSSH));
        SftpModuleProperties.CLIENT_EXTENSIONS.set(server, String.join(",", CLIENT));
    }
}

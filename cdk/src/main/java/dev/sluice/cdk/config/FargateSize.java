package dev.sluice.cdk.config;

import java.util.Map;

/**
 * A Fargate task size. Fargate accepts only certain CPU/memory pairs; checking them here turns a
 * CloudFormation failure twenty minutes into a deployment into an error at synthesis.
 *
 * @param cpu CPU units (1024 = 1 vCPU)
 * @param memory MiB
 */
public record FargateSize(int cpu, int memory) {

    /** cpu → {min memory, max memory, step}, from the Fargate task size table. */
    private static final Map<Integer, int[]> ALLOWED =
            Map.of(
                    256, new int[] {1024, 2048, 1024}, // and 512, below
                    512, new int[] {1024, 4096, 1024},
                    1024, new int[] {2048, 8192, 1024},
                    2048, new int[] {4096, 16384, 1024},
                    4096, new int[] {8192, 30720, 1024},
                    8192, new int[] {16384, 61440, 4096},
                    16384, new int[] {32768, 122880, 8192});

    public FargateSize {
        int[] range = ALLOWED.get(cpu);
        if (range == null) {
            throw new IllegalArgumentException(
                    "context sftpCpu: must be one of 256, 512, 1024, 2048, 4096, 8192, 16384 (got "
                            + cpu
                            + ")");
        }
        boolean fits =
                memory >= range[0] && memory <= range[1] && (memory - range[0]) % range[2] == 0;
        if (cpu == 256 && memory == 512) {
            fits = true;
        }
        if (!fits) {
            throw new IllegalArgumentException(
                    "context sftpMemory: with sftpCpu "
                            + cpu
                            + " Fargate accepts "
                            + range[0]
                            + "-"
                            + range[1]
                            + " MiB in steps of "
                            + range[2]
                            + " (got "
                            + memory
                            + ")");
        }
    }
}

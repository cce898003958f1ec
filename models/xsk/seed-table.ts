/**
 * The measurements published with the XSK generic zero-copy series (v5.12, Xuan Zhuo):
 * `xdpsock -i eth0 -t -S -s <size>` on an Aliyun ECS guest with virtio_net. Reference data
 * to compare the model against; the model never reads it to produce a result.
 */
export const SEED_SIZES_BYTES = [64, 512, 1024, 1500] as const;
export const SEED_COPY_PPS = [1916747, 1775988, 1600203, 1440054] as const;
export const SEED_ZEROCOPY_PPS = [1974058, 1953655, 1945463, 1904478] as const;
/** As printed in the cover letter ("percent"). */
export const SEED_GAIN_PCT = [3.0, 10.0, 21.58, 32.3] as const;

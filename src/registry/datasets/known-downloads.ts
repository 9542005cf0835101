/**
 * Where `divbench data fetch` gets the datasets divbench can download, with the checksums we
 * can vouch for. Fashion-MNIST: upstream's published MD5s of the `.gz` files (zalandoresearch
 * README, also in torchvision) and the SHA-256 of each decompressed file, which we computed from
 * Debian's dataset-fashion-mnist (same content, recompressed). MNIST: the MD5s torchvision uses,
 * served from PyTorch's mirror (yann.lecun.com often refuses plain downloads).
 */
import type { DownloadFile } from './download.js';

export interface KnownDownload {
  readonly baseUrl: string;
  readonly mirrors: readonly string[];
  readonly files: readonly DownloadFile[];
  /** Which environment variable or param then points at the folder. */
  readonly use: string;
}

export const KNOWN_DOWNLOADS: Record<string, KnownDownload> = {
  'fashion-mnist': {
    baseUrl: 'https://raw.githubusercontent.com/zalandoresearch/fashion-mnist/master/data/fashion/',
    mirrors: ['http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/'],
    files: [
      {
        name: 'train-images-idx3-ubyte.gz',
        md5: '8d4fb7e6c68d591d4c3dfef9ec88bf0d',
        contentSha256: 'c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888',
      },
      {
        name: 'train-labels-idx1-ubyte.gz',
        md5: '25c81989df183df01b3e8a0aad5dffbe',
        contentSha256: 'bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9',
      },
      {
        name: 't10k-images-idx3-ubyte.gz',
        md5: 'bef4ecab320f06d8554ea6380940ec79',
        contentSha256: '5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b',
      },
      {
        name: 't10k-labels-idx1-ubyte.gz',
        md5: 'bb300cfdad3c16e7a12a480ee83cd310',
        contentSha256: '0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34',
      },
    ],
    use: 'DIVBENCH_DATA_DIR=<dir> (or the fashion-mnist dataDir param)',
  },
  mnist: {
    baseUrl: 'https://ossci-datasets.s3.amazonaws.com/mnist/',
    mirrors: ['https://storage.googleapis.com/cvdf-datasets/mnist/', 'http://yann.lecun.com/exdb/mnist/'],
    files: [
      { name: 'train-images-idx3-ubyte.gz', md5: 'f68b3c2dcbeaaa9fbdd348bbdeb94873' },
      { name: 'train-labels-idx1-ubyte.gz', md5: 'd53e105ee54ea40749a09fcbcd1e9432' },
      { name: 't10k-images-idx3-ubyte.gz', md5: '9fb629c4189551a2d022fa330f9573f3' },
      { name: 't10k-labels-idx1-ubyte.gz', md5: 'ec29112dd5afa0611ce80d1b7f02629c' },
    ],
    use: 'DIVBENCH_MNIST_DIR=<dir> (or the mnist dataDir param)',
  },
};

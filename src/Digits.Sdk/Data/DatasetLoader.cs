using System.Security.Cryptography;
using static TorchSharp.torch;

namespace Digits.Sdk.Data;

/// <summary>Finds, verifies, downloads and reads a known data set's files: the work behind <see cref="DatasetInfo.LoadAsync"/>.</summary>
internal static class DatasetLoader
{
    public static async Task<TrainTestData> LoadAsync(DatasetInfo info, string? root, bool download, IProgress<DownloadProgress>? progress, HttpClient? httpClient, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(info);
        var resolved = DataRoot.Resolve(root);
        var paths = Locate(info, resolved);
        var missing = Enumerable.Range(0, paths.Length).Where(i => paths[i] is null).ToArray();
        if (missing.Length > 0)
        {
            var target = Path.Combine(resolved, info.Name);
            if (!download)
            {
                var names = missing.Select(i => Path.Combine(target, info.Files[i].FileName)).ToArray();
                throw new DatasetNotFoundException(
                    $"{info.Title} is missing {string.Join(", ", missing.Select(i => info.Files[i].FileName))} (looked in '{target}' and '{resolved}'). " +
                    $"Load with download: true to fetch them, or point the SDK at a local copy: pass its folder as root or set {DataRoot.EnvironmentVariable} to it (the files may sit in it directly or in a '{info.Name}' subfolder).",
                    names);
            }

            var downloader = new DatasetDownloader(httpClient ?? DatasetDownloader.SharedClient, info.Mirrors);
            foreach (var i in missing)
            {
                paths[i] = await downloader.DownloadAsync(info, info.Files[i], target, progress, cancellationToken).ConfigureAwait(false);
            }
        }

        return await Task.Run(() => Read(info, paths!, cancellationToken), cancellationToken).ConfigureAwait(false);
    }

    public static Task<IReadOnlyList<DatasetFileStatus>> VerifyAsync(DatasetInfo info, string? root, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(info);
        var resolved = DataRoot.Resolve(root);
        return Task.Run<IReadOnlyList<DatasetFileStatus>>(
            () =>
            {
                var paths = Locate(info, resolved);
                var statuses = new List<DatasetFileStatus>();
                for (var i = 0; i < paths.Length; i++)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var file = info.Files[i];
                    statuses.Add(paths[i] is { } path
                        ? Verify(file, path)
                        : new DatasetFileStatus(file, Path.Combine(resolved, info.Name, file.FileName), DatasetFileState.Missing, null));
                }

                return statuses;
            },
            cancellationToken);
    }

    /// <summary>
    /// Where each file is: first in the <c>root/name</c> subfolder, then in the root itself; compressed
    /// (<c>.gz</c>) or decompressed names both count. <see langword="null"/> marks a missing file.
    /// </summary>
    internal static string?[] Locate(DatasetInfo info, string root)
    {
        string[] folders = [Path.Combine(root, info.Name), root];
        return info.Files
            .Select(file => folders
                .SelectMany(folder => new[] { Path.Combine(folder, file.FileName), Path.Combine(folder, file.DecompressedName) })
                .FirstOrDefault(File.Exists))
            .ToArray();
    }

    internal static DatasetFileStatus Verify(DatasetFile file, string path)
    {
        try
        {
            if (file.ContentSha256 is { } expected)
            {
                var actual = ContentHash.OfFile(path);
                return new DatasetFileStatus(file, path, Same(actual, expected) ? DatasetFileState.Verified : DatasetFileState.ChecksumMismatch, "SHA-256 " + actual);
            }

            var md5 = ContentHash.Md5OfFile(path);
            return Same(md5, file.GzipMd5)
                ? new DatasetFileStatus(file, path, DatasetFileState.Verified, "MD5 " + md5)
                : new DatasetFileStatus(file, path, DatasetFileState.Unverifiable, $"MD5 {md5}; no content checksum is known for this file");
        }
        catch (InvalidDataException error)
        {
            return new DatasetFileStatus(file, path, DatasetFileState.ChecksumMismatch, error.Message);
        }
    }

    private static TrainTestData Read(DatasetInfo info, string[] paths, CancellationToken cancellationToken)
    {
        var train = ReadSplit(info, paths[0], paths[1], info.TrainImages, info.TrainLabels, "train");
        try
        {
            cancellationToken.ThrowIfCancellationRequested();
            var test = ReadSplit(info, paths[2], paths[3], info.TestImages, info.TestLabels, "test");
            return new TrainTestData(train.Identity, train, test)
            {
                Files = [.. info.Files.Select((file, i) => new DatasetFileStatus(file, paths[i], DatasetFileState.Verified, file.ContentSha256 is { } sha ? "SHA-256 " + sha : "MD5 " + file.GzipMd5))],
            };
        }
        catch
        {
            train.Dispose();
            throw;
        }
    }

    private static DigitDataset ReadSplit(DatasetInfo info, string imagesPath, string labelsPath, DatasetFile imagesFile, DatasetFile labelsFile, string part)
    {
        using var raw = ReadVerified(imagesPath, imagesFile, hash => IdxReader.ReadRawImages(imagesPath, hash));
        var labels = ReadVerified(labelsPath, labelsFile, hash => IdxLabels.Read(labelsPath, info.ClassNames.Count, raw.shape[0], imagesPath, hash));
        try
        {
            var images = IdxReader.ToNormalizedFloat(raw, info.Normalization);
            var identity = info.Identity with { ImageShape = [.. images.shape.Skip(1).Select(d => (int)d)] };
            return new DigitDataset(images, labels, identity, $"{info.Name}/{part}");
        }
        catch
        {
            labels.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Reads a file while hashing its decompressed content, so verification costs no second pass. Without a known
    /// content hash (KMNIST) only the canonical <c>.gz</c> can be verified, by the MD5 of the file itself; anything
    /// else is refused rather than read on trust, since same-named files of another data set would pass.
    /// </summary>
    private static Tensor ReadVerified(string path, DatasetFile file, Func<IncrementalHash?, Tensor> read)
    {
        if (file.ContentSha256 is null)
        {
            var md5 = ContentHash.Md5OfFile(path);
            if (!Same(md5, file.GzipMd5))
            {
                throw new DatasetChecksumException(path, "MD5 of the canonical .gz file (the only checksum published for it)", file.GzipMd5, md5);
            }

            return read(null);
        }

        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var result = read(hash);
        var actual = Convert.ToHexStringLower(hash.GetHashAndReset());
        if (!Same(actual, file.ContentSha256))
        {
            result.Dispose();
            throw new DatasetChecksumException(path, "SHA-256 of the decompressed content", file.ContentSha256, actual);
        }

        return result;
    }

    private static bool Same(string? a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);
}

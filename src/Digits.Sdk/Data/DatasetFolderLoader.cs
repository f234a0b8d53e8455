using System.Globalization;
using System.Security.Cryptography;
using static TorchSharp.torch;

namespace Digits.Sdk.Data;

/// <summary>
/// Reads a folder of four IDX files under the standard names and tells what it holds: a catalog data set when every
/// file's content has that data set's checksum, else the user's own data set, named after the folder. The work
/// behind <see cref="Datasets.LoadFolderAsync"/>.
/// </summary>
internal static class DatasetFolderLoader
{
    private static readonly string[] Roles = ["training images", "training labels", "test images", "test labels"];

    public static TrainTestData Load(string folder, DatasetFolderOptions options, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        ArgumentNullException.ThrowIfNull(options);
        if (!Directory.Exists(folder))
        {
            throw new DirectoryNotFoundException(File.Exists(folder)
                ? $"'{folder}' is a file; give the folder that holds the four IDX files ({string.Join(", ", StandardFiles.Select(f => f.FileName))})."
                : $"The data folder '{folder}' does not exist.");
        }

        var location = Path.GetFullPath(folder);
        var paths = Locate(location, out location);
        var hashes = new string[4];
        var trainRaw = ReadImages(paths[0], out hashes[0]);
        Tensor? testRaw = null;
        Tensor? trainLabels = null;
        Tensor? testLabels = null;
        try
        {
            cancellationToken.ThrowIfCancellationRequested();
            trainLabels = ReadLabels(paths[1], trainRaw.shape[0], paths[0], out hashes[1]);
            testRaw = ReadImages(paths[2], out hashes[2]);
            testLabels = ReadLabels(paths[3], testRaw.shape[0], paths[2], out hashes[3]);
            cancellationToken.ThrowIfCancellationRequested();
            if (!trainRaw.shape.Skip(1).SequenceEqual(testRaw.shape.Skip(1)))
            {
                throw new IdxFormatException(paths[2], 4, $"images of the training images' size [{string.Join(", ", trainRaw.shape.Skip(1))}]", $"[{string.Join(", ", testRaw.shape.Skip(1))}]");
            }

            var (identity, files) = Identify(location, paths, hashes, trainRaw, trainLabels, testLabels, options);
            var train = Create(trainRaw, ref trainLabels, identity, "train");
            try
            {
                var test = Create(testRaw, ref testLabels, identity, "test");
                return new TrainTestData(identity, train, test) { Files = files };
            }
            catch
            {
                train.Dispose();
                throw;
            }
        }
        finally
        {
            trainRaw.Dispose();
            testRaw?.Dispose();
            trainLabels?.Dispose();
            testLabels?.Dispose();
        }
    }

    /// <summary>The file names every catalog data set uses (they are the same for all of them: MNIST's).</summary>
    private static IReadOnlyList<DatasetFile> StandardFiles => Datasets.Mnist.Files;

    /// <summary>
    /// The four files, directly in <paramref name="folder"/> or, when it holds none of them, in a subfolder named after
    /// a catalog data set (so a data root such as <c>~/datasets</c> with an <c>mnist</c> folder works too).
    /// </summary>
    private static string[] Locate(string folder, out string location)
    {
        var direct = Find(folder);
        if (direct.All(path => path is null))
        {
            foreach (var info in Datasets.All)
            {
                var sub = Path.Combine(folder, info.Name);
                if (Directory.Exists(sub) && Find(sub) is var inSub && inSub.All(path => path is not null))
                {
                    location = sub;
                    return inSub!;
                }
            }
        }

        var missing = Enumerable.Range(0, 4).Where(i => direct[i] is null).ToArray();
        if (missing.Length > 0)
        {
            var names = missing.Select(i => StandardFiles[i].FileName).ToArray();
            throw new DatasetNotFoundException(
                $"'{folder}' lacks the {string.Join(", ", missing.Select(i => Roles[i]))} ({string.Join(", ", names)}, gzip-compressed or not): a data folder holds four IDX files under these names.",
                [.. names.Select(name => Path.Combine(folder, name))]);
        }

        location = folder;
        return direct!;
    }

    private static string?[] Find(string folder)
        => [.. StandardFiles.Select(file => new[] { file.FileName, file.DecompressedName }.Select(name => Path.Combine(folder, name)).FirstOrDefault(File.Exists))];

    private static Tensor ReadImages(string path, out string sha256)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var raw = IdxReader.ReadRawImages(path, hash);
        sha256 = Convert.ToHexStringLower(hash.GetHashAndReset());
        return raw;
    }

    private static Tensor ReadLabels(string path, long count, string imagesPath, out string sha256)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

        // Every byte value is a possible class until the identity says how many there are.
        var labels = IdxLabels.Read(path, classCount: 256, expectedCount: count, imagesPath, hash);
        sha256 = Convert.ToHexStringLower(hash.GetHashAndReset());
        return labels;
    }

    private static (DatasetIdentity Identity, IReadOnlyList<DatasetFileStatus> Files) Identify(
        string location, string[] paths, string[] hashes, Tensor trainRaw, Tensor trainLabels, Tensor testLabels, DatasetFolderOptions options)
    {
        var shape = trainRaw.shape.Skip(1).Select(d => (int)d).ToArray();

        // Each file against each catalog entry, once: KMNIST's check reads the file again for its MD5.
        var candidates = Datasets.All.Select(info => (Info: info, Matches: Matches(info, paths, hashes))).ToList();
        foreach (var (info, matches) in candidates)
        {
            if (matches.All(match => match))
            {
                var verified = info.Files.Select((file, i) => new DatasetFileStatus(file, paths[i], DatasetFileState.Verified, file.ContentSha256 is null ? "MD5 " + file.GzipMd5 : "SHA-256 " + hashes[i]));
                return (info.Identity with { ImageShape = shape }, [.. verified]);
            }
        }

        var (trainMax, testMax) = (Max(trainLabels), Max(testLabels));
        var classCount = (int)Math.Max(trainMax, testMax) + 1;
        var classNames = options.ClassNames ?? DatasetIdentity.NumberedClasses(classCount);
        if (classNames.Count < classCount)
        {
            var (path, labels) = trainMax >= classNames.Count ? (paths[1], trainLabels) : (paths[3], testLabels);
            var index = Array.FindIndex(labels.data<long>().ToArray(), label => label >= classNames.Count);
            throw new IdxFormatException(path, IdxHeaderLength + index, string.Create(CultureInfo.InvariantCulture, $"a label in 0..{classNames.Count - 1} (one per given class name)"), labels[index].item<long>().ToString(CultureInfo.InvariantCulture));
        }

        var name = options.Name ?? Path.GetFileName(location.TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar));
        var normalization = options.Normalization ?? Normalization.Measure(trainRaw.bytes);
        var identity = new DatasetIdentity
        {
            Name = name,
            Title = name,
            ClassNames = [.. classNames],
            ImageShape = shape,
            Normalization = normalization,
            Preprocessing = options.Preprocessing,
            IsKnown = false,
            Note = OwnDataNote(location, paths, candidates, name, classNames, options, normalization, trainRaw.shape[0]),
        };
        var own = StandardFiles.Select((file, i) => new DatasetFileStatus(file, paths[i], DatasetFileState.Unrecognized, "SHA-256 " + hashes[i]));
        return (identity, [.. own]);
    }

    /// <summary>Which of the four files have <paramref name="info"/>'s content.</summary>
    private static bool[] Matches(DatasetInfo info, string[] paths, string[] hashes)
        => [.. info.Files.Select((file, i) => file.ContentSha256 is { } sha
            ? string.Equals(sha, hashes[i], StringComparison.OrdinalIgnoreCase)
            : ContentHash.IsGzip(paths[i]) && string.Equals(ContentHash.Md5OfFile(paths[i]), file.GzipMd5, StringComparison.OrdinalIgnoreCase))];

    private static string OwnDataNote(string location, string[] paths, IReadOnlyList<(DatasetInfo Info, bool[] Matches)> candidates, string name, IReadOnlyList<string> classNames, DatasetFolderOptions options, Normalization normalization, long trainCount)
    {
        // The closest catalog entry, if any of the files are its own: that is the case a user most needs told.
        var closest = candidates.OrderByDescending(candidate => candidate.Matches.Count(match => match)).First();
        var differing = closest.Matches.Select((match, i) => (match, i)).Where(f => !f.match).Select(f => Path.GetFileName(paths[f.i])).ToList();
        var why = closest.Matches.Any(match => match)
            ? $"{string.Join(" and ", differing)} {(differing.Count == 1 ? "does" : "do")} not have {closest.Info.Title}'s content"
            : $"its content matches none of {string.Join(", ", Datasets.All.Select(info => info.Title))}";
        var classes = options.ClassNames is null
            ? string.Create(CultureInfo.InvariantCulture, $"{classNames.Count} classes named 0 to {classNames.Count - 1}")
            : string.Create(CultureInfo.InvariantCulture, $"{classNames.Count} classes named as given");
        var normalised = options.Normalization is null
            ? string.Create(CultureInfo.InvariantCulture, $"normalised with the {normalization} of its {trainCount:N0} training images")
            : $"normalised with the given {normalization}";
        return $"'{location}' is not a known data set ({why}), so it is taken as your own data set '{name}': {classes}, {normalised}.";
    }

    private static DigitDataset Create(Tensor raw, ref Tensor? labels, DatasetIdentity identity, string part)
    {
        var images = IdxReader.ToNormalizedFloat(raw, identity.Normalization);
        try
        {
            var dataset = new DigitDataset(images, labels!, identity, $"{identity.Name}/{part}");

            // The data set owns the labels now.
            labels = null;
            return dataset;
        }
        catch
        {
            images.Dispose();
            throw;
        }
    }

    private static long Max(Tensor labels)
    {
        using var max = labels.max();
        return max.item<long>();
    }

    /// <summary>The header of a one-dimensional IDX file: magic (4 bytes) and count (4 bytes).</summary>
    private const int IdxHeaderLength = 8;
}

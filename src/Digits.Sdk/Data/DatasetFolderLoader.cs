using System.Globalization;
using System.Security.Cryptography;
using static TorchSharp.torch;

namespace Digits.Sdk.Data;

/// <summary>
/// Reads a folder of four IDX files under the standard names and tells what it holds: a catalog data set when every
/// file's content has that data set's checksum, else the user's own data set, named after the folder. The work
/// behind <see cref="Datasets.LoadFolderAsync"/> and, for the test files alone, <see cref="Datasets.LoadTestFolderAsync"/>.
/// </summary>
internal static class DatasetFolderLoader
{
    private static readonly string[] Roles = ["training images", "training labels", "test images", "test labels"];

    /// <summary>The indices, into <see cref="Roles"/> and a catalog entry's files, of all four files.</summary>
    private static readonly int[] AllFiles = [0, 1, 2, 3];

    /// <summary>The indices of the test images and labels: all that an evaluation reads.</summary>
    private static readonly int[] TestFiles = [2, 3];

    public static TrainTestData Load(string folder, DatasetFolderOptions options, CancellationToken cancellationToken)
    {
        RequireFolder(folder, options, AllFiles);
        var paths = Locate(Path.GetFullPath(folder), AllFiles, out var location);
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

    /// <summary>
    /// Reads only the test images and labels of a folder (the training files may be absent): a catalog data set when
    /// both have its checksums, else the user's own, normalised as <paramref name="options"/> say or with the mean and
    /// standard deviation of its test images.
    /// </summary>
    public static DigitDataset LoadTest(string folder, DatasetFolderOptions options, CancellationToken cancellationToken)
    {
        RequireFolder(folder, options, TestFiles);
        var paths = Locate(Path.GetFullPath(folder), TestFiles, out var location);
        var hashes = new string[2];
        var raw = ReadImages(paths[0], out hashes[0]);
        Tensor? labels = null;
        try
        {
            cancellationToken.ThrowIfCancellationRequested();
            labels = ReadLabels(paths[1], raw.shape[0], paths[0], out hashes[1]);
            var shape = raw.shape.Skip(1).Select(d => (int)d).ToArray();
            var candidates = Candidates(TestFiles, paths, hashes);
            var known = candidates.FirstOrDefault(candidate => candidate.Matches.All(match => match)).Info;
            var identity = known is not null
                ? known.Identity with { ImageShape = shape }
                : OwnIdentity(location, paths, candidates, shape, [(paths[1], labels)], options, () => Normalization.Measure(raw.bytes), string.Create(CultureInfo.InvariantCulture, $"{raw.shape[0]:N0} test images"));
            return Create(raw, ref labels, identity, "test");
        }
        finally
        {
            raw.Dispose();
            labels?.Dispose();
        }
    }

    /// <summary>The file names every catalog data set uses (they are the same for all of them: MNIST's).</summary>
    private static IReadOnlyList<DatasetFile> StandardFiles => Datasets.Mnist.Files;

    /// <summary>
    /// The files of <paramref name="roles"/>, directly in <paramref name="folder"/> or, when it holds none of them, in a
    /// subfolder named after a catalog data set (so a data root such as <c>~/datasets</c> with an <c>mnist</c> folder
    /// works too).
    /// </summary>
    private static string[] Locate(string folder, int[] roles, out string location)
    {
        var direct = Find(folder, roles);
        if (direct.All(path => path is null))
        {
            foreach (var info in Datasets.All)
            {
                var sub = Path.Combine(folder, info.Name);
                if (Directory.Exists(sub) && Find(sub, roles) is var inSub && inSub.All(path => path is not null))
                {
                    location = sub;
                    return inSub!;
                }
            }
        }

        var missing = Enumerable.Range(0, roles.Length).Where(i => direct[i] is null).Select(i => roles[i]).ToArray();
        if (missing.Length > 0)
        {
            var names = missing.Select(role => StandardFiles[role].FileName).ToArray();
            throw new DatasetNotFoundException(
                $"'{folder}' lacks the {string.Join(", ", missing.Select(role => Roles[role]))} ({string.Join(", ", names)}, gzip-compressed or not): {Needs(roles)}.",
                [.. names.Select(name => Path.Combine(folder, name))]);
        }

        location = folder;
        return direct!;
    }

    /// <summary>What a loader of <paramref name="roles"/> needs, in the words of the errors.</summary>
    private static string Needs(int[] roles) => roles.Length == AllFiles.Length
        ? "a data folder holds four IDX files under these names"
        : $"the {string.Join(" and ", roles.Select(role => Roles[role]))} are read from IDX files under these names";

    /// <summary>Refuses a path that is no folder, naming the files it should hold.</summary>
    private static void RequireFolder(string folder, DatasetFolderOptions options, int[] roles)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        ArgumentNullException.ThrowIfNull(options);
        if (!Directory.Exists(folder))
        {
            var files = string.Join(", ", roles.Select(role => StandardFiles[role].FileName));
            throw new DirectoryNotFoundException(File.Exists(folder)
                ? $"'{folder}' is a file; give the folder that holds the {(roles.Length == AllFiles.Length ? "four " : string.Empty)}IDX files ({files})."
                : $"The data folder '{folder}' does not exist.");
        }
    }

    private static string?[] Find(string folder, int[] roles)
        => [.. roles.Select(role => StandardFiles[role]).Select(file => new[] { file.FileName, file.DecompressedName }.Select(name => Path.Combine(folder, name)).FirstOrDefault(File.Exists))];

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
        var candidates = Candidates(AllFiles, paths, hashes);
        foreach (var (info, matches) in candidates)
        {
            if (matches.All(match => match))
            {
                var verified = info.Files.Select((file, i) => new DatasetFileStatus(file, paths[i], DatasetFileState.Verified, file.ContentSha256 is null ? "MD5 " + file.GzipMd5 : "SHA-256 " + hashes[i]));
                return (info.Identity with { ImageShape = shape }, [.. verified]);
            }
        }

        var identity = OwnIdentity(location, paths, candidates, shape, [(paths[1], trainLabels), (paths[3], testLabels)], options, () => Normalization.Measure(trainRaw.bytes), string.Create(CultureInfo.InvariantCulture, $"{trainRaw.shape[0]:N0} training images"));
        var own = StandardFiles.Select((file, i) => new DatasetFileStatus(file, paths[i], DatasetFileState.Unrecognized, "SHA-256 " + hashes[i]));
        return (identity, [.. own]);
    }

    /// <summary>Each catalog entry with which of the files of <paramref name="roles"/> (at <paramref name="paths"/>) have its content.</summary>
    private static List<(DatasetInfo Info, bool[] Matches)> Candidates(int[] roles, string[] paths, string[] hashes)
        => [.. Datasets.All.Select(info => (info, Matches(info, roles, paths, hashes)))];

    /// <summary>Which of the files of <paramref name="roles"/> have <paramref name="info"/>'s content.</summary>
    private static bool[] Matches(DatasetInfo info, int[] roles, string[] paths, string[] hashes)
        => [.. roles.Select(role => info.Files[role]).Select((file, i) => file.ContentSha256 is { } sha
            ? string.Equals(sha, hashes[i], StringComparison.OrdinalIgnoreCase)
            : ContentHash.IsGzip(paths[i]) && string.Equals(ContentHash.Md5OfFile(paths[i]), file.GzipMd5, StringComparison.OrdinalIgnoreCase))];

    /// <summary>
    /// The identity of a folder whose files are no catalog data set's: named after the folder, with a class per label
    /// and the normalisation <paramref name="measure"/> gives unless the options say otherwise, and a note saying why.
    /// </summary>
    /// <param name="location">The folder the files are in.</param>
    /// <param name="paths">The files read, in the order of <paramref name="candidates"/>' matches.</param>
    /// <param name="candidates">Each catalog entry with which of the files have its content.</param>
    /// <param name="shape">The shape of one image.</param>
    /// <param name="labelFiles">Every labels file read, with its labels: the classes must cover them all.</param>
    /// <param name="options">What the user said about the data set.</param>
    /// <param name="measure">Measures the normalisation, when the options give none.</param>
    /// <param name="measuredOn">What <paramref name="measure"/> measures, for the note: "60,000 training images".</param>
    private static DatasetIdentity OwnIdentity(
        string location,
        string[] paths,
        IReadOnlyList<(DatasetInfo Info, bool[] Matches)> candidates,
        int[] shape,
        (string Path, Tensor Labels)[] labelFiles,
        DatasetFolderOptions options,
        Func<Normalization> measure,
        string measuredOn)
    {
        var maxima = labelFiles.Select(file => Max(file.Labels)).ToArray();
        var classCount = (int)maxima.Max() + 1;
        var classNames = options.ClassNames ?? DatasetIdentity.NumberedClasses(classCount);
        if (classNames.Count < classCount)
        {
            var (path, labels) = labelFiles[Array.FindIndex(maxima, max => max >= classNames.Count)];
            var index = Array.FindIndex(labels.data<long>().ToArray(), label => label >= classNames.Count);
            throw new IdxFormatException(path, IdxHeaderLength + index, string.Create(CultureInfo.InvariantCulture, $"a label in 0..{classNames.Count - 1} (one per given class name)"), labels[index].item<long>().ToString(CultureInfo.InvariantCulture));
        }

        var name = options.Name ?? Path.GetFileName(location.TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar));
        var normalization = options.Normalization ?? measure();

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
            ? $"normalised with the {normalization} of its {measuredOn}"
            : $"normalised with the given {normalization}";
        return new DatasetIdentity
        {
            Name = name,
            Title = name,
            ClassNames = [.. classNames],
            ImageShape = shape,
            Normalization = normalization,
            Preprocessing = options.Preprocessing,
            IsKnown = false,
            Note = $"'{location}' is not a known data set ({why}), so it is taken as your own data set '{name}': {classes}, {normalised}.",
        };
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

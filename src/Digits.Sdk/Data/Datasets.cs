using Digits.Sdk.Inference;

namespace Digits.Sdk.Data;

/// <summary>The catalog of known data sets.</summary>
/// <remarks>
/// Checksums: the MD5 sums are those of the canonical <c>.gz</c> files (torchvision lists the same ones); the
/// SHA-256 sums are of the decompressed IDX content, which survives recompression. KMNIST's content SHA-256 is
/// not published, so KMNIST files on disk are verified by the MD5 of the canonical <c>.gz</c> instead and a
/// recompressed KMNIST copy reports as unverifiable and is not loaded as KMNIST.
/// </remarks>
public static class Datasets
{
    /// <summary>MNIST: 70,000 handwritten digits 0-9, 28x28 grey (LeCun, Cortes and Burges).</summary>
    public static DatasetInfo Mnist { get; } = new()
    {
        Name = "mnist",
        Title = "MNIST",
        ClassNames = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"],
        Mirrors =
        [
            new("https://ossci-datasets.s3.amazonaws.com/mnist/"),
            new("https://storage.googleapis.com/cvdf-datasets/mnist/"),
            new("http://yann.lecun.com/exdb/mnist/"),
        ],
        TrainImages = new("train-images-idx3-ubyte.gz", "f68b3c2dcbeaaa9fbdd348bbdeb94873", "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db"),
        TrainLabels = new("train-labels-idx1-ubyte.gz", "d53e105ee54ea40749a09fcbcd1e9432", "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5"),
        TestImages = new("t10k-images-idx3-ubyte.gz", "9fb629c4189551a2d022fa330f9573f3", "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7"),
        TestLabels = new("t10k-labels-idx1-ubyte.gz", "ec29112dd5afa0611ce80d1b7f02629c", "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2"),
        Normalization = new(0.1307, 0.3081),
        Preprocessing = ImagePreprocessing.Digit,
    };

    /// <summary>Fashion-MNIST: 70,000 images of 10 kinds of clothing, 28x28 grey (Zalando Research).</summary>
    public static DatasetInfo FashionMnist { get; } = new()
    {
        Name = "fashion-mnist",
        Title = "Fashion-MNIST",
        ClassNames = ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"],
        Mirrors =
        [
            new("http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/"),
            new("https://raw.githubusercontent.com/zalandoresearch/fashion-mnist/master/data/fashion/"),
        ],
        TrainImages = new("train-images-idx3-ubyte.gz", "8d4fb7e6c68d591d4c3dfef9ec88bf0d", "c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888"),
        TrainLabels = new("train-labels-idx1-ubyte.gz", "25c81989df183df01b3e8a0aad5dffbe", "bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9"),
        TestImages = new("t10k-images-idx3-ubyte.gz", "bef4ecab320f06d8554ea6380940ec79", "5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b"),
        TestLabels = new("t10k-labels-idx1-ubyte.gz", "bb300cfdad3c16e7a12a480ee83cd310", "0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34"),
        Normalization = new(0.2860, 0.3530),
    };

    /// <summary>Kuzushiji-MNIST: 70,000 cursive Japanese (hiragana) characters in 10 classes, 28x28 grey (ROIS-DS CODH).</summary>
    public static DatasetInfo Kmnist { get; } = new()
    {
        Name = "kmnist",
        Title = "Kuzushiji-MNIST",
        ClassNames = ["o", "ki", "su", "tsu", "na", "ha", "ma", "ya", "re", "wo"],
        Mirrors =
        [
            new("http://codh.rois.ac.jp/kmnist/dataset/kmnist/"),
        ],
        TrainImages = new("train-images-idx3-ubyte.gz", "bdb82020997e1d708af4cf47b453dcf7", null),
        TrainLabels = new("train-labels-idx1-ubyte.gz", "e144d726b3acfaa3e44228e80efcd344", null),
        TestImages = new("t10k-images-idx3-ubyte.gz", "5c965bf0a639b31b8f53240b1b52f4d7", null),
        TestLabels = new("t10k-labels-idx1-ubyte.gz", "7320c461ea6c1c855c0b718fb2a4b134", null),
        Normalization = new(0.1918, 0.3483),
    };

    /// <summary>
    /// Loads the data set in a folder of four IDX files under the standard names (<c>train-images-idx3-ubyte.gz</c>,
    /// <c>train-labels-idx1-ubyte.gz</c>, <c>t10k-images-idx3-ubyte.gz</c>, <c>t10k-labels-idx1-ubyte.gz</c>, each
    /// gzip-compressed or not), and tells which it is. A data set of the catalog is recognised by the checksums of all
    /// four files' content, never by the names; any other content is the user's own data set, named after the folder,
    /// with class names <c>"0"</c> to <c>"N-1"</c> and the normalisation measured on its training images unless
    /// <paramref name="options"/> say otherwise, and a <see cref="DatasetIdentity.Note"/> that says so.
    /// </summary>
    /// <param name="folder">The folder with the four files, or a data root with a subfolder named after a catalog data set.</param>
    /// <param name="options">Name, class names, normalisation and preprocessing for a user's own data set.</param>
    /// <param name="cancellationToken">Cancels reading.</param>
    /// <returns>The training and test sets, which the caller owns and must dispose.</returns>
    /// <exception cref="DirectoryNotFoundException">There is no such folder.</exception>
    /// <exception cref="DatasetNotFoundException">Some of the four files are missing.</exception>
    /// <exception cref="IdxFormatException">A file is not valid IDX, the counts differ, or a label has no given class name.</exception>
    /// <example>
    /// <code>
    /// using var data = await Datasets.LoadFolderAsync("./my-digits");
    /// if (data.Identity.Note is { } note) Console.WriteLine(note);
    /// Console.WriteLine(data.Identity); // my-digits (your own data set): 3 classes, [1, 28, 28], ...
    /// </code>
    /// </example>
    public static Task<TrainTestData> LoadFolderAsync(string folder, DatasetFolderOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        return Task.Run(() => DatasetFolderLoader.Load(folder, options ?? new DatasetFolderOptions(), cancellationToken), cancellationToken);
    }

    /// <summary>
    /// Loads only the test set of a data-set folder: the test images and labels (<c>t10k-images-idx3-ubyte.gz</c>,
    /// <c>t10k-labels-idx1-ubyte.gz</c>, each gzip-compressed or not), which is all an evaluation needs, so a folder
    /// without the training files works too and the training files are not read when present. A data set of the
    /// catalog is recognised by the checksums of both test files; any other content is the user's own data set, as in
    /// <see cref="LoadFolderAsync"/>, normalised as <paramref name="options"/> say or else with the mean and standard
    /// deviation of its test images (there may be no training images to measure). A network evaluated on a data set of
    /// one's own must see its images normalised as in training: pass that normalisation in <paramref name="options"/>
    /// (a checkpoint's <c>Dataset.Normalization</c>).
    /// </summary>
    /// <param name="folder">The folder with the two test files, or a data root with a subfolder named after a catalog data set.</param>
    /// <param name="options">Name, class names, normalisation and preprocessing for a user's own data set.</param>
    /// <param name="cancellationToken">Cancels reading.</param>
    /// <returns>The test set, which the caller owns and must dispose.</returns>
    /// <exception cref="DirectoryNotFoundException">There is no such folder.</exception>
    /// <exception cref="DatasetNotFoundException">A test file is missing.</exception>
    /// <exception cref="IdxFormatException">A file is not valid IDX, the counts differ, or a label has no given class name.</exception>
    /// <example>
    /// <code>
    /// using var test = await Datasets.LoadTestFolderAsync("./mnist-test-only");
    /// Console.WriteLine(classifier.Evaluate(test).Accuracy);
    /// </code>
    /// </example>
    public static Task<DigitDataset> LoadTestFolderAsync(string folder, DatasetFolderOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        return Task.Run(() => DatasetFolderLoader.LoadTest(folder, options ?? new DatasetFolderOptions(), cancellationToken), cancellationToken);
    }

    /// <summary>Every known data set.</summary>
    public static IReadOnlyList<DatasetInfo> All { get; } = [Mnist, FashionMnist, Kmnist];

    /// <summary>Finds a known data set by name, ignoring case and the separators in <c>fashion-mnist</c>.</summary>
    /// <param name="name">A name such as <c>mnist</c>, <c>fashion-mnist</c>, <c>FashionMnist</c> or <c>kmnist</c>.</param>
    /// <returns>The catalog entry, or <see langword="null"/> when the name is unknown.</returns>
    public static DatasetInfo? Find(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var key = Canonical(name);
        return All.FirstOrDefault(info => Canonical(info.Name) == key || Canonical(info.Title) == key);
    }

    private static string Canonical(string name)
        => new([.. name.Where(char.IsLetterOrDigit).Select(char.ToLowerInvariant)]);
}

using Digits.Sdk.Tests.Infrastructure;

namespace Digits.Sdk.Tests.TestSupport;

/// <summary>
/// One <c>digits train LogisticRegression --epochs 1</c> on a 6,000-image subset of MNIST (1,000 trained on, 5,000
/// held out), run once for a test class with stdout and stderr redirected, then exported with <c>digits export</c>.
/// </summary>
public sealed class SmallTrainedRun : IDisposable
{
    private readonly TemporaryFolder folder = new("digits-small-run");

    public SmallTrainedRun()
    {
        Data = DatasetFolders.MnistSubset(folder, trainImages: 6_000, testImages: 500);
        Checkpoint = folder.File("lr.ckpt");
        Model = folder.File("lr.onnx");
        Training = DigitsTool.Run("train", "LogisticRegression", "--data", Data, "--epochs", "1", "--out", Checkpoint);
        Assert.True(Training.ExitCode == 0, Training.Output);
        var export = DigitsTool.Run("export", Checkpoint, "--onnx", Model);
        Assert.True(export.ExitCode == 0, export.Output);
    }

    /// <summary>The data folder it trained on.</summary>
    public string Data { get; }

    /// <summary>The checkpoint it wrote.</summary>
    public string Checkpoint { get; }

    /// <summary>The checkpoint exported as ONNX.</summary>
    public string Model { get; }

    /// <summary>What the training printed.</summary>
    internal ProcessRunner.Result Training { get; }

    /// <summary>A new folder beside the run's files, for a test's own.</summary>
    internal string Folder(string name) => Directory.CreateDirectory(folder.File(name)).FullName;

    public void Dispose() => folder.Dispose();
}

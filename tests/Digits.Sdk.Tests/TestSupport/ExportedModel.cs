using Digits.Sdk.Onnx;

namespace Digits.Sdk.Tests.TestSupport;

/// <summary>The briefly trained test CNN exported once to a temporary file, shared by a test class.</summary>
public sealed class ExportedModel : IDisposable
{
    private readonly string directory = System.IO.Directory.CreateTempSubdirectory("digits-model-").FullName;

    public ExportedModel()
    {
        Path = System.IO.Path.Combine(directory, "cnn.onnx");
        Network.ExportOnnx(Path);
    }

    public string Path { get; }

    public string Directory => directory;

    internal HandWrittenNetwork Network => TrainedNetworks.Get("Cnn");

    public void Dispose() => System.IO.Directory.Delete(directory, recursive: true);
}

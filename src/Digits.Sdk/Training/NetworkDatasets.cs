using Digits.Sdk.Data;
using Digits.Sdk.Modeling;
using TorchSharp;

namespace Digits.Sdk.Training;

/// <summary>
/// Which data set a network instance was trained on. The trainer records it for the network it returns, and a
/// checkpoint records it for the network it loads into, so that later stages (evaluation reports, ONNX export) read it
/// from the network itself instead of being told again.
/// </summary>
/// <remarks>
/// The record belongs to the instance and lives as long as it does; it is not part of the module's state, so
/// TorchSharp's own <c>save</c> and <c>load</c> do not carry it (Digits.Sdk's checkpoints do).
/// </remarks>
/// <example>
/// <code>
/// var run = Trainer.For&lt;LeNet5&gt;().Fit(fashion.Train);
/// Console.WriteLine(NetworkDatasets.Of(run.Model)); // Fashion-MNIST: 10 classes, ...
/// run.Model.ExportOnnx("fashion.onnx");             // class names, normalisation and preprocessing included
/// </code>
/// </example>
public static class NetworkDatasets
{
    private static readonly InstanceRecords<DatasetIdentity> Records = new();

    /// <summary>The data set <paramref name="network"/> was trained on, if the SDK knows it.</summary>
    /// <param name="network">A network returned by a training run or loaded from a checkpoint.</param>
    /// <returns>The data set's identity, or <see langword="null"/> for a network the SDK neither trained nor loaded.</returns>
    public static DatasetIdentity? Of(torch.nn.Module network) => Records.Of(network);

    /// <summary>Records that <paramref name="network"/> was trained on <paramref name="dataset"/>, replacing any earlier record.</summary>
    /// <param name="network">The network, for example one trained with your own loop.</param>
    /// <param name="dataset">The identity of the data it was trained on (<see cref="DigitDataset.Identity"/>).</param>
    public static void Record(torch.nn.Module network, DatasetIdentity dataset) => Records.Record(network, dataset);
}

using System.Reflection;
using Digits.Sdk.Modeling;
using Digits.Sdk.Models;
using Digits.Sdk.Onnx;
using Digits.Sdk.Tests.TestSupport;
using Microsoft.ML.OnnxRuntime;
using TorchSharp;
using static TorchSharp.torch;

namespace Digits.Sdk.Tests.Onnx;

/// <summary>
/// The exported graph computes what TorchSharp computes: 1,000 real MNIST test images through both, at batch
/// sizes 1 and 64 (the symbolic batch dimension), and the ONNX project's checker accepts every file.
/// </summary>
// In the training collection: the trainer re-seeds torch's process-wide generator every batch, and these tests
// create networks right after seeding it, so running beside training made their initial weights vary.
[Collection(Digits.Sdk.Tests.Training.TrainingCollection.Name)]
public sealed class OnnxExportParityTests : IDisposable
{
    private const float Tolerance = 1e-4f;
    private readonly string directory = Directory.CreateTempSubdirectory("digits-onnx-").FullName;

    public static TheoryData<string, bool, int> Exports()
    {
        var data = new TheoryData<string, bool, int>();
        foreach (var name in TestNetworks.Names)
        {
            data.Add(name, true, OnnxExportOptions.DefaultOpset);
        }

        // Batch norm as BatchNormalization nodes, and the lowest opset.
        data.Add("Cnn", false, OnnxExportOptions.DefaultOpset);
        data.Add("RowLinear", false, OnnxExportOptions.MinimumOpset);
        data.Add("Pooling", true, OnnxExportOptions.MinimumOpset);
        data.Add("Activations", true, OnnxExportOptions.MinimumOpset);
        return data;
    }

    [Theory]
    [MemberData(nameof(Exports))]
    public void An_exported_network_gives_TorchSharps_logits_in_ONNX_Runtime_at_batch_1_and_64(string name, bool foldBatchNorm, int opset)
    {
        Verify(TrainedNetworks.Get(name), name, foldBatchNorm, opset);
    }

    public static TheoryData<string> ZooNetworks() =>
        [.. typeof(LogisticRegression).Assembly.GetTypes()
            .Where(type => type.Namespace == typeof(LogisticRegression).Namespace && typeof(INetwork).IsAssignableFrom(type) && !type.IsAbstract)
            .Select(type => type.Name)];

    [Theory]
    [MemberData(nameof(ZooNetworks))]
    public void Every_zoo_network_gives_TorchSharps_logits_in_ONNX_Runtime(string name)
    {
        var type = typeof(LogisticRegression).Assembly.GetType($"{typeof(LogisticRegression).Namespace}.{name}", throwOnError: true)!;
        var verify = typeof(OnnxExportParityTests).GetMethod(nameof(VerifyZooNetwork), BindingFlags.NonPublic | BindingFlags.Instance)!;
        try
        {
            verify.MakeGenericMethod(type).Invoke(this, [name]);
        }
        catch (TargetInvocationException error) when (error.InnerException is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(error.InnerException);
        }
    }

    private void VerifyZooNetwork<TNetwork>(string name)
        where TNetwork : nn.Module<Tensor, Tensor>, INetwork, new()
    {
        manual_seed(1234);
        Verify(TrainedNetworks.Train(new TNetwork()), name, foldBatchNorm: true, OnnxExportOptions.DefaultOpset);
    }

    private void Verify<TNetwork>(TNetwork network, string name, bool foldBatchNorm, int opset)
        where TNetwork : nn.Module<Tensor, Tensor>, INetwork
    {
        var path = Path.Combine(directory, $"{name}-{foldBatchNorm}-{opset}.onnx");
        network.ExportOnnx(path, new OnnxExportOptions { FoldBatchNorm = foldBatchNorm, Opset = opset });

        var (images, _) = MnistSamples.TestSet;
        var expected = TrainedNetworks.Forward(network, images);
        using var session = new InferenceSession(path);
        foreach (var batchSize in new[] { 1, 64 })
        {
            var actual = RunInBatches(session, network.Architecture.Input.WithBatch(1)[1..], images, batchSize);
            var maxDifference = 0f;
            var agreements = 0;
            for (var i = 0; i < images.Length; i++)
            {
                maxDifference = Math.Max(maxDifference, expected[i].Zip(actual[i], (e, a) => Math.Abs(e - a)).Max());
                agreements += ArgMax(expected[i]) == ArgMax(actual[i]) ? 1 : 0;
            }

            Assert.True(maxDifference <= Tolerance, $"{name} at batch {batchSize}: max |logit difference| {maxDifference:E2} > {Tolerance:E0}.");
            Assert.Equal(images.Length, agreements);
        }

        OnnxChecker.Check(path);
    }

    [Fact]
    public void The_trained_test_networks_are_real_classifiers()
    {
        // Parity on a network that classifies nothing would prove little: each one must beat chance clearly.
        var (images, labels) = MnistSamples.TestSet;
        var accuracies = TestNetworks.Names.ToDictionary(
            name => name,
            name => TrainedNetworks.Forward(TrainedNetworks.Get(name), images).Select(ArgMax).Zip(labels, (p, l) => p == l ? 1.0 : 0.0).Average());

        Assert.True(accuracies.Values.All(accuracy => accuracy > 0.5), "Accuracy on 1,000 test images: " + string.Join(", ", accuracies.Select(a => $"{a.Key} {a.Value:P1}")));
    }

    public void Dispose() => Directory.Delete(directory, recursive: true);

    private static float[][] RunInBatches(InferenceSession session, long[] sampleShape, byte[][] images, int batchSize)
    {
        var result = new List<float[]>();
        using var runOptions = new RunOptions();
        for (var start = 0; start < images.Length; start += batchSize)
        {
            var batch = images.Skip(start).Take(batchSize).ToArray();
            var input = batch.SelectMany(MnistSamples.Normalize).ToArray();
            using var tensor = OrtValue.CreateTensorValueFromMemory(input, [batch.Length, .. sampleShape]);
            using var outputs = session.Run(runOptions, ["input"], [tensor], ["logits"]);
            var logits = outputs[0].GetTensorDataAsSpan<float>().ToArray();
            var classes = logits.Length / batch.Length;
            result.AddRange(Enumerable.Range(0, batch.Length).Select(i => logits.AsSpan(i * classes, classes).ToArray()));
        }

        return [.. result];
    }

    private static int ArgMax(float[] values) => Array.IndexOf(values, values.Max());
}

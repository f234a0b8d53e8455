using System.Collections.Concurrent;
using Digits.Sdk.Modeling;
using TorchSharp;
using static TorchSharp.torch;

namespace Digits.Sdk.Tests.TestSupport;

/// <summary>
/// Each test network trained briefly on real MNIST (so its logits are far apart and its batch-norm statistics
/// and affine parameters are real), once per test run, then left in evaluation mode.
/// </summary>
internal static class TrainedNetworks
{
    private static readonly ConcurrentDictionary<string, Lazy<HandWrittenNetwork>> Networks = new();

    // One training at a time: TorchSharp's random generator is global, and each network must get the same start every run.
    private static readonly Lock Training = new();

    public static HandWrittenNetwork Get(string name) =>
        Networks.GetOrAdd(name, key => new Lazy<HandWrittenNetwork>(() => Train(key))).Value;

    /// <summary>Runs <paramref name="images"/> (MNIST bytes) through the network in evaluation mode.</summary>
    public static float[][] Forward(nn.Module<Tensor, Tensor> network, IReadOnlyList<byte[]> images)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var input = Batch(network, images);
        var output = network.call(input);
        var values = output.data<float>().ToArray();
        var classes = (int)output.shape[1];
        return Enumerable.Range(0, images.Count).Select(i => values.AsSpan(i * classes, classes).ToArray()).ToArray();
    }

    private static HandWrittenNetwork Train(string name)
    {
        lock (Training)
        {
            return TrainAlone(name);
        }
    }

    private static HandWrittenNetwork TrainAlone(string name)
    {
        manual_seed(1234);
        return Train(TestNetworks.Create(name));
    }

    /// <summary>Trains <paramref name="network"/> for 200 Adam steps of 64 MNIST images, then puts it in evaluation mode.</summary>
    public static TNetwork Train<TNetwork>(TNetwork network)
        where TNetwork : nn.Module<Tensor, Tensor>
    {
        var (images, labels) = MnistSamples.TrainingSet;
        // The SDK's Adam, not TorchSharp's: TorchSharp's lets a collection on another thread free a scalar mid-call.
        using var optimizer = new Sdk.Training.Optimization.Adam(network.parameters(), 2e-3, 0.9, 0.999, weightDecay: 0);
        network.train();
        const int BatchSize = 64;
        for (var step = 0; step < 200; step++)
        {
            using (NewDisposeScope())
            {
                var start = step * BatchSize % images.Length;
                var batch = images.Skip(start).Take(BatchSize).ToArray();
                var target = tensor(labels.Skip(start).Take(BatchSize).Select(l => (long)l).ToArray());
                optimizer.zero_grad();
                var loss = nn.functional.cross_entropy(network.call(Batch(network, batch)), target);
                loss.backward();
            }

            // Outside the scope: Adam keeps state (and scalars) it creates on its first step, which a scope would free.
            optimizer.step();
        }

        network.eval();

        // Trained on MNIST's images with MNIST's normalisation, by hand: say so, as the SDK's trainer would.
        Sdk.Training.NetworkDatasets.Record(network, Sdk.Data.Datasets.Mnist.Identity);
        return network;
    }

    private static Tensor Batch(nn.Module<Tensor, Tensor> network, IReadOnlyList<byte[]> images)
    {
        var values = images.SelectMany(MnistSamples.Normalize).ToArray();
        return tensor(values, ((INetwork)network).Architecture.Input.WithBatch(images.Count));
    }
}

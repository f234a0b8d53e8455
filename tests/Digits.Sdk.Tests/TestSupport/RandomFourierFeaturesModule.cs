using TorchSharp;
using static TorchSharp.torch;

namespace Digits.Sdk.Tests.TestSupport;

/// <summary>
/// The runtime layer the generator will use (Digits.Sdk.Modeling.Layers.RandomFourierFeatures), as its contract
/// describes it: buffers <c>projection</c> [in, D] and <c>offset</c> [D], forward √(2/D)·cos(x·projection + offset).
/// </summary>
internal sealed class RandomFourierFeaturesModule : nn.Module<Tensor, Tensor>
{
    private readonly Tensor projection;
    private readonly Tensor offset;
    private readonly double scale;

    public RandomFourierFeaturesModule(long inFeatures, long dimensions, double gamma, int seed)
        : base("RandomFourierFeatures")
    {
        using var generator = new Generator((ulong)seed);
        // Rahimi & Recht: w ~ N(0, 2γ I), b ~ U(0, 2π) approximate exp(-γ‖x−y‖²).
        projection = randn([inFeatures, dimensions], generator: generator) * Math.Sqrt(2 * gamma);
        offset = rand([dimensions], generator: generator) * (2 * Math.PI);
        scale = Math.Sqrt(2.0 / dimensions);
        register_buffer("projection", projection);
        register_buffer("offset", offset);
    }

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        return (input.matmul(projection).add_(offset).cos_() * scale).MoveToOuterDisposeScope();
    }
}

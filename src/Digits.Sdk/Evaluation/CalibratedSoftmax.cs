using TorchSharp;
using static TorchSharp.torch;

namespace Digits.Sdk.Evaluation;

/// <summary>
/// softmax(logits / T) with a network's temperature (<see cref="NetworkCalibration"/>): the one place the SDK's
/// TorchSharp paths turn outputs into probabilities, so they agree with the exported graph, which divides by the same T.
/// </summary>
/// <remarks>
/// The divisor is held as a <see cref="Scalar"/> for the object's lifetime: a number passed straight to a TorchSharp
/// call becomes a finalizable temporary that a collection can free mid-call (docs/articles/training.md).
/// </remarks>
internal sealed class CalibratedSoftmax : IDisposable
{
    private readonly Scalar? temperature;

    private CalibratedSoftmax(double temperature)
    {
        // T = 1 divides nothing, so uncalibrated networks give exactly the probabilities they always gave.
        this.temperature = temperature == TemperatureCalibration.Identity ? null : temperature.ToScalar();
    }

    /// <summary>The softmax of <paramref name="network"/>'s outputs at its temperature.</summary>
    public static CalibratedSoftmax For(nn.Module network) => new(NetworkCalibration.TemperatureOf(network));

    /// <summary>The probabilities of <c>[batch, classes]</c> outputs.</summary>
    public Tensor Apply(Tensor outputs) => temperature is null ? outputs.softmax(1) : outputs.div(temperature).softmax(1);

    /// <inheritdoc/>
    public void Dispose() => temperature?.Dispose();
}

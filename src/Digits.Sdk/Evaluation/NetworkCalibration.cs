using Digits.Sdk.Modeling;
using TorchSharp;

namespace Digits.Sdk.Evaluation;

/// <summary>
/// The temperature a network instance's probabilities are calibrated with. <see cref="TemperatureScaling.CalibrateTemperature"/>
/// and the trainer record it, a checkpoint records it for the network it loads into, and later stages (evaluation,
/// checkpoints, ONNX export) read it from the network itself, as <see cref="Training.NetworkDatasets"/> does for the data set.
/// </summary>
/// <remarks>
/// The record belongs to the instance and lives as long as it does; it is not part of the module's state, so the
/// network's <c>forward</c> still gives raw logits and TorchSharp's own <c>save</c> does not carry it.
/// </remarks>
public static class NetworkCalibration
{
    private static readonly InstanceRecords<TemperatureCalibration> Records = new();

    /// <summary>The calibration of <paramref name="network"/>, if it has one.</summary>
    /// <param name="network">A network.</param>
    /// <returns>The calibration, or <see langword="null"/> for a network whose softmax is used as it is.</returns>
    public static TemperatureCalibration? Of(torch.nn.Module network) => Records.Of(network);

    /// <summary>Records the calibration of <paramref name="network"/>, replacing any earlier one.</summary>
    /// <param name="network">The network.</param>
    /// <param name="calibration">Its calibration, e.g. from <see cref="TemperatureScaling.Fit(ReadOnlySpan{float}, ReadOnlySpan{int}, int)"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException">The temperature is not a positive finite number.</exception>
    public static void Record(torch.nn.Module network, TemperatureCalibration calibration)
    {
        ArgumentNullException.ThrowIfNull(calibration);
        if (!(calibration.Temperature > 0) || !double.IsFinite(calibration.Temperature))
        {
            throw new ArgumentOutOfRangeException(nameof(calibration), calibration.Temperature, "A temperature is a positive finite number.");
        }

        Records.Record(network, calibration);
    }

    /// <summary>Forgets the calibration of <paramref name="network"/>: its softmax is used as it is again.</summary>
    /// <param name="network">The network.</param>
    public static void Clear(torch.nn.Module network) => Records.Clear(network);

    /// <summary>The temperature the network's logits are divided by: its calibration's, or 1.</summary>
    internal static double TemperatureOf(torch.nn.Module network) => Records.Of(network)?.Temperature ?? TemperatureCalibration.Identity;
}

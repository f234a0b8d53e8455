using System.Runtime.CompilerServices;
using TorchSharp;

namespace Digits.Sdk.Modeling;

/// <summary>
/// What a network instance knows about itself beyond its weights (its data set, its calibration): one value per
/// instance, living as long as the instance, outside the module's state. The one mechanism behind
/// <see cref="Training.NetworkDatasets"/> and <see cref="Evaluation.NetworkCalibration"/>.
/// </summary>
/// <typeparam name="T">What is recorded.</typeparam>
internal sealed class InstanceRecords<T>
    where T : class
{
    private readonly ConditionalWeakTable<torch.nn.Module, T> records = [];

    /// <summary>The value recorded for <paramref name="network"/>, if any.</summary>
    public T? Of(torch.nn.Module network)
    {
        ArgumentNullException.ThrowIfNull(network);
        return records.TryGetValue(network, out var value) ? value : null;
    }

    /// <summary>Records <paramref name="value"/> for <paramref name="network"/>, replacing any earlier one.</summary>
    public void Record(torch.nn.Module network, T value)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(value);
        records.AddOrUpdate(network, value);
    }

    /// <summary>Forgets the value recorded for <paramref name="network"/>.</summary>
    public void Clear(torch.nn.Module network)
    {
        ArgumentNullException.ThrowIfNull(network);
        records.Remove(network);
    }
}

using System.Globalization;
using System.Reflection;
using System.Text.Json;
using Digits.Sdk.Inference;
using Digits.Sdk.Modeling;
using Digits.Sdk.Onnx.Protos;
using Google.Protobuf;
using static TorchSharp.torch;

namespace Digits.Sdk.Onnx;

/// <summary>
/// Writes declared networks as ONNX models that ONNX Runtime (and <see cref="DigitClassifier"/>) can run:
/// IR version 8, the weights as float32 initializers, an input <c>input</c> with a symbolic batch dimension
/// <c>N</c>, an output <c>logits</c> <c>[N, classes]</c> and, unless turned off, <c>probabilities</c>.
/// </summary>
public static class OnnxExporter
{
    /// <summary>The ONNX IR version written: the one that goes with opsets 13 to 17.</summary>
    internal const long IrVersion = 8;

    /// <summary>
    /// Exports <paramref name="network"/> with its current weights to an ONNX file at <paramref name="path"/>. The
    /// file is written under a temporary name in the same folder and then renamed, so readers never see a
    /// half-written model.
    /// </summary>
    /// <typeparam name="TNetwork">A generated network: a TorchSharp module whose submodules are named after its layers.</typeparam>
    /// <param name="network">The network; its weights are read, it is not changed (not even put in evaluation mode).</param>
    /// <param name="path">The file to create or replace.</param>
    /// <param name="options">Opset, class names and normalisation; <see langword="null"/> means <see cref="OnnxExportOptions.Default"/>.</param>
    /// <example>
    /// <code>
    /// var network = new MnistCnn();
    /// // ... train ...
    /// network.ExportOnnx("mnist-cnn.onnx");
    /// using var classifier = DigitClassifier.Load("mnist-cnn.onnx");
    /// </code>
    /// </example>
    /// <exception cref="ArgumentException">The options are invalid (unsupported opset, wrong number of class names or normalisation values).</exception>
    /// <exception cref="InvalidOperationException">The module's tensors do not match its architecture.</exception>
    /// <exception cref="NotSupportedException">The network does not end with one score per class.</exception>
    public static void ExportOnnx<TNetwork>(this TNetwork network, string path, OnnxExportOptions? options = null)
        where TNetwork : nn.Module<Tensor, Tensor>, INetwork
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var architecture = network.Architecture;
        var model = BuildModel(architecture, NetworkWeights.From(network, architecture.Name), options ?? OnnxExportOptions.Default);
        Write(model, path);
    }

    /// <summary>
    /// Writes a network known only as a TorchSharp module (for example one created from a checkpoint by name) as
    /// an ONNX model; see <see cref="ExportOnnx{TNetwork}"/>.
    /// </summary>
    /// <param name="network">A declared network: a module that implements <see cref="INetwork"/>.</param>
    /// <param name="path">Where to write the <c>.onnx</c> file; written to a temporary name, then renamed.</param>
    /// <param name="options">Opset, outputs, class names and normalisation; MNIST's by default.</param>
    /// <exception cref="ArgumentException"><paramref name="network"/> is not a declared network, or the options are invalid.</exception>
    public static void Export(nn.Module<Tensor, Tensor> network, string path, OnnxExportOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(network);
        if (network is not INetwork declared)
        {
            throw new ArgumentException($"{network.GetType().Name} is not a declared network (it does not implement INetwork), so its architecture is unknown.", nameof(network));
        }

        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var architecture = declared.Architecture;
        var model = BuildModel(architecture, NetworkWeights.From(network, architecture.Name), options ?? OnnxExportOptions.Default);
        Write(model, path);
    }

    /// <summary>Builds the model message without writing it (the exporter's pure core, tested on its own).</summary>
    internal static ModelProto BuildModel(NetworkArchitecture architecture, NetworkWeights weights, OnnxExportOptions options)
    {
        var classNames = Validate(architecture, options);
        var model = new ModelProto
        {
            IrVersion = IrVersion,
            ProducerName = ModelMetadataKeys.ProducerName,
            ProducerVersion = ProducerVersion,
            ModelVersion = 1,
            DocString = $"{architecture.Name}, a digit classifier exported by Digits.Sdk.",
            Graph = OnnxGraphTranslator.Translate(architecture, weights, options),
        };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = string.Empty, Version = options.Opset });

        var channels = architecture.Input.Rank == 3 ? architecture.Input[0] : 1;
        AddMetadata(model, ModelMetadataKeys.Producer, ModelMetadataKeys.ProducerName);
        AddMetadata(model, ModelMetadataKeys.ProducerVersion, ProducerVersion);
        AddMetadata(model, ModelMetadataKeys.Network, architecture.Name);
        AddMetadata(model, ModelMetadataKeys.ArchitectureHash, architecture.Hash);
        AddMetadata(model, ModelMetadataKeys.ClassNames, JsonSerializer.Serialize(classNames));
        AddMetadata(model, ModelMetadataKeys.InputLayout, architecture.Input.Rank == 3 ? "NCHW" : "NF");
        AddMetadata(model, ModelMetadataKeys.InputShape, JsonSerializer.Serialize(architecture.Input.ToArray()));
        AddMetadata(model, ModelMetadataKeys.InputMean, FormatNumbers(PerChannel(options.NormalizationMean, channels)));
        AddMetadata(model, ModelMetadataKeys.InputStandardDeviation, FormatNumbers(PerChannel(options.NormalizationStandardDeviation, channels)));
        return model;
    }

    /// <summary>The SDK version without the source-control suffix, e.g. <c>0.1.0</c>.</summary>
    internal static string ProducerVersion { get; } =
        typeof(OnnxExporter).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]
        ?? typeof(OnnxExporter).Assembly.GetName().Version?.ToString()
        ?? "0.0.0";

    private static string[] Validate(NetworkArchitecture architecture, OnnxExportOptions options)
    {
        if (options.Opset is < OnnxExportOptions.MinimumOpset or > OnnxExportOptions.MaximumOpset)
        {
            throw new ArgumentException(
                $"Opset {options.Opset} is not supported; choose one from {OnnxExportOptions.MinimumOpset} to {OnnxExportOptions.MaximumOpset}.",
                nameof(options));
        }

        var classNames = options.ClassNames?.ToArray()
            ?? Enumerable.Range(0, architecture.Classes).Select(label => label.ToString(CultureInfo.InvariantCulture)).ToArray();
        if (classNames.Length != architecture.Classes)
        {
            throw new ArgumentException(
                $"Network '{architecture.Name}' predicts {architecture.Classes} classes, but {classNames.Length} class names were given.",
                nameof(options));
        }

        var channels = architecture.Input.Rank == 3 ? architecture.Input[0] : 1;
        foreach (var (values, what) in new[] { (options.NormalizationMean, "mean"), (options.NormalizationStandardDeviation, "standard deviation") })
        {
            if (values.Count != 1 && values.Count != channels)
            {
                throw new ArgumentException(
                    $"The normalisation {what} has {values.Count} values; give one, or one per input channel ({channels}).", nameof(options));
            }
        }

        if (options.NormalizationStandardDeviation.Any(std => !(std > 0) || !float.IsFinite(std)))
        {
            throw new ArgumentException("Every normalisation standard deviation must be a positive finite number.", nameof(options));
        }

        return classNames;
    }

    private static IEnumerable<float> PerChannel(IReadOnlyList<float> values, int channels) =>
        values.Count == 1 ? Enumerable.Repeat(values[0], channels) : values;

    private static string FormatNumbers(IEnumerable<float> values) =>
        "[" + string.Join(",", values.Select(value => value.ToString("R", CultureInfo.InvariantCulture))) + "]";

    private static void AddMetadata(ModelProto model, string key, string value) =>
        model.MetadataProps.Add(new StringStringEntryProto { Key = key, Value = value });

    private static void Write(ModelProto model, string path)
    {
        var fullPath = Path.GetFullPath(path);
        var temporary = Path.Combine(Path.GetDirectoryName(fullPath)!, $".{Path.GetFileName(fullPath)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                model.WriteTo(stream);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, fullPath, overwrite: true);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
    }
}

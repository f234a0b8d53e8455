using System.Globalization;
using System.Reflection;
using System.Text.Json;
using Digits.Sdk.Contract;
using Digits.Sdk.Data;
using Digits.Sdk.Inference;
using Digits.Sdk.Modeling;
using Digits.Sdk.Onnx.Protos;
using Digits.Sdk.Training;
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
    /// <param name="options">
    /// Opset and outputs, and overrides of what the network's data set says; <see langword="null"/> means
    /// <see cref="OnnxExportOptions.Default"/>. The class names, normalisation and preprocessing written into the model
    /// come from the data set the network was trained on (<see cref="NetworkDatasets.Of"/>).
    /// </param>
    /// <example>
    /// <code>
    /// var network = new MnistCnn();
    /// // ... train ...
    /// network.ExportOnnx("mnist-cnn.onnx");
    /// using var classifier = DigitClassifier.Load("mnist-cnn.onnx");
    /// </code>
    /// </example>
    /// <exception cref="ArgumentException">
    /// The options are invalid (unsupported opset, wrong number of class names or normalisation values), or neither the
    /// network nor the options say which data set it was trained on.
    /// </exception>
    /// <exception cref="InvalidOperationException">The module's tensors do not match its architecture.</exception>
    /// <exception cref="NotSupportedException">The network does not end with one score per class.</exception>
    public static void ExportOnnx<TNetwork>(this TNetwork network, string path, OnnxExportOptions? options = null)
        where TNetwork : nn.Module<Tensor, Tensor>, INetwork
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var architecture = network.Architecture;
        var model = BuildModel(architecture, NetworkWeights.From(network, architecture.Name), Calibrated(options ?? OnnxExportOptions.Default, network), NetworkDatasets.Of(network));
        Write(model, path);
    }

    /// <summary>
    /// Writes a network known only as a TorchSharp module (for example one created from a checkpoint by name) as
    /// an ONNX model; see <see cref="ExportOnnx{TNetwork}"/>.
    /// </summary>
    /// <param name="network">A declared network: a module that implements <see cref="INetwork"/>.</param>
    /// <param name="path">Where to write the <c>.onnx</c> file; written to a temporary name, then renamed.</param>
    /// <param name="options">Opset, outputs, and overrides of what the network's data set says.</param>
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
        var model = BuildModel(architecture, NetworkWeights.From(network, architecture.Name), Calibrated(options ?? OnnxExportOptions.Default, network), NetworkDatasets.Of(network));
        Write(model, path);
    }

    /// <summary>
    /// Writes several networks of one architecture as one ONNX model that predicts what <see cref="Models.Ensemble"/>
    /// predicts: the mean of the members' softmax probabilities (<c>probabilities</c>), with its logarithm as
    /// <c>logits</c>, so every consumer of a single network's file can use it unchanged.
    /// </summary>
    /// <param name="members">At least one declared network; all of the same architecture and trained on the same data set.</param>
    /// <param name="path">Where to write the <c>.onnx</c> file; written to a temporary name, then renamed.</param>
    /// <param name="options">Opset, and overrides of what the members' data set says.</param>
    /// <exception cref="ArgumentException">There are no members, a member is not a declared network, or the members differ in architecture or data set.</exception>
    /// <example>
    /// <code>
    /// OnnxExporter.ExportEnsemble([first, second, third], "ensemble.onnx");
    /// using var classifier = DigitClassifier.Load("ensemble.onnx");
    /// </code>
    /// </example>
    public static void ExportEnsemble(IReadOnlyList<nn.Module<Tensor, Tensor>> members, string path, OnnxExportOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(members);
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (members.Count == 0)
        {
            throw new ArgumentException("An ensemble needs at least one member.", nameof(members));
        }

        var declared = members.Select(member => member as INetwork
            ?? throw new ArgumentException($"{member.GetType().Name} is not a declared network (it does not implement INetwork), so its architecture is unknown.", nameof(members))).ToList();
        var architecture = declared[0].Architecture;
        if (declared.Any(member => member.Architecture.Hash != architecture.Hash))
        {
            throw new ArgumentException($"An exported ensemble's members share one architecture, but they are {string.Join(", ", declared.Select(d => d.Architecture.Name).Distinct())}.", nameof(members));
        }

        var datasets = members.Select(NetworkDatasets.Of).Distinct().ToList();
        if (datasets.Count > 1 && (options ?? OnnxExportOptions.Default).Dataset is null)
        {
            throw new ArgumentException($"The members were trained on different data sets ({string.Join("; ", datasets.Select(d => d?.ToString() ?? "unknown"))}); an ensemble averages members of one data set.", nameof(members));
        }

        var chosen = options ?? OnnxExportOptions.Default;
        // Each member needs its softmax, which the joint graph averages, whether or not the joint graph shows it.
        var graphs = members.Select(member => OnnxGraphTranslator.Translate(architecture, NetworkWeights.From(member, architecture.Name), Calibrated(chosen, member) with { IncludeProbabilities = true })).ToList();
        var name = string.Create(CultureInfo.InvariantCulture, $"{architecture.Name}Ensemble{members.Count}");
        var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"ensemble|{members.Count}|{architecture.Hash}"))));
        Write(BuildModel(architecture, OnnxEnsembleGraph.Combine(graphs, chosen.IncludeProbabilities), chosen, datasets[0], name, hash), path);
    }

    /// <summary>The options with the temperature to divide by: the caller's, else the network's own (1 when it has none).</summary>
    private static OnnxExportOptions Calibrated(OnnxExportOptions options, nn.Module network)
    {
        var temperature = options.Temperature ?? Evaluation.NetworkCalibration.TemperatureOf(network);
        if (!(temperature > 0) || !double.IsFinite(temperature))
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"The temperature {temperature} is not a positive finite number; logits are divided by it."), nameof(options));
        }

        return options with { Temperature = temperature };
    }

    /// <summary>Builds the model message without writing it (the exporter's pure core, tested on its own).</summary>
    /// <param name="architecture">The network's architecture.</param>
    /// <param name="weights">Its weights.</param>
    /// <param name="options">The export options.</param>
    /// <param name="trainedOn">The data set the network records, if any; the options override it.</param>
    internal static ModelProto BuildModel(NetworkArchitecture architecture, NetworkWeights weights, OnnxExportOptions options, DatasetIdentity? trainedOn)
        => BuildModel(architecture, OnnxGraphTranslator.Translate(architecture, weights, options), options, trainedOn, architecture.Name, architecture.Hash);

    /// <summary>Wraps a graph computing <paramref name="architecture"/>'s outputs in a model with the contract's metadata.</summary>
    private static ModelProto BuildModel(NetworkArchitecture architecture, GraphProto graph, OnnxExportOptions options, DatasetIdentity? trainedOn, string networkName, string architectureHash)
    {
        var description = Describe(architecture, options, trainedOn);
        var model = new ModelProto
        {
            IrVersion = IrVersion,
            ProducerName = OnnxModelContract.ProducerName,
            ProducerVersion = ProducerVersion,
            ModelVersion = 1,
            DocString = $"{networkName}, a classifier of {description.Dataset ?? "its own"} images exported by Digits.Sdk.",
            Graph = graph,
        };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = string.Empty, Version = options.Opset });

        AddMetadata(model, OnnxModelContract.ProducerKey, OnnxModelContract.ProducerName);
        AddMetadata(model, OnnxModelContract.ProducerVersionKey, ProducerVersion);
        AddMetadata(model, OnnxModelContract.NetworkKey, networkName);
        AddMetadata(model, OnnxModelContract.ArchitectureHashKey, architectureHash);
        if (description.Dataset is { } dataset)
        {
            AddMetadata(model, OnnxModelContract.DatasetKey, dataset);
        }

        AddMetadata(model, OnnxModelContract.ClassNamesKey, JsonSerializer.Serialize(description.ClassNames));
        AddMetadata(model, OnnxModelContract.InputLayoutKey, architecture.Input.Rank == 3 ? OnnxModelContract.ImageLayout : OnnxModelContract.VectorLayout);
        AddMetadata(model, OnnxModelContract.InputShapeKey, JsonSerializer.Serialize(architecture.Input.ToArray()));
        AddMetadata(model, OnnxModelContract.InputMeanKey, FormatNumbers(description.Mean));
        AddMetadata(model, OnnxModelContract.InputStandardDeviationKey, FormatNumbers(description.StandardDeviation));
        AddMetadata(model, OnnxModelContract.PreprocessingKey, OnnxModelContract.Name(description.Preprocessing));
        if (options.NotADigitBelow is { } threshold)
        {
            if (!(threshold is >= 0 and <= 1))
            {
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"The not-a-digit threshold {threshold} is not a confidence in [0, 1]."), nameof(options));
            }

            AddMetadata(model, OnnxModelContract.NotADigitBelowKey, threshold.ToString("R", CultureInfo.InvariantCulture));
        }

        if (options.Temperature is { } temperature && temperature != Evaluation.TemperatureCalibration.Identity)
        {
            AddMetadata(model, OnnxModelContract.TemperatureKey, temperature.ToString("R", CultureInfo.InvariantCulture));
        }
        // Last, and of the model as it will be written: the weights are what the digest covers, read from the bytes
        // exactly as DigitClassifier reads them.
        AddMetadata(model, OnnxModelContract.WeightsDigestKey, OnnxWeightsDigest.Compute(model.ToByteArray()));
        return model;
    }

    /// <summary>
    /// Records the digest of its weights in a model exported by an earlier version of Digits.Sdk, before models carried
    /// one, so that <see cref="DigitClassifier"/> checks its weights from then on. One metadata entry is appended to the
    /// file, which is rewritten under a temporary name and renamed; every byte already in it, the weights included,
    /// stays as it was.
    /// </summary>
    /// <remarks>
    /// The digest vouches for the weights as they are now: record it only for a model known to be intact (one that
    /// still measures the accuracy it was exported with). A model that already carries a digest is checked against it
    /// and left unchanged.
    /// </remarks>
    /// <param name="path">A <c>.onnx</c> file exported by Digits.Sdk.</param>
    /// <returns><see langword="true"/> when the digest was added; <see langword="false"/> when the model already carried one its weights match.</returns>
    /// <exception cref="FileNotFoundException">There is no such file.</exception>
    /// <exception cref="InvalidDataException">
    /// The file is not an ONNX model, is not one exported by Digits.Sdk, or carries a digest its weights do not match.
    /// </exception>
    /// <example>
    /// <code>
    /// OnnxExporter.RecordWeightsDigest("mnist-cnn.onnx");
    /// using var classifier = DigitClassifier.Load("mnist-cnn.onnx");
    /// Console.WriteLine(classifier.Metadata.WeightsDigest);
    /// </code>
    /// </example>
    public static bool RecordWeightsDigest(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"There is no model file '{path}'.", path);
        }

        var bytes = File.ReadAllBytes(path);
        ModelProto model;
        try
        {
            model = ModelProto.Parser.ParseFrom(bytes);
        }
        catch (InvalidProtocolBufferException error)
        {
            throw new InvalidDataException($"'{path}' is not an ONNX model: {error.Message}", error);
        }

        // As ONNX Runtime hands metadata over: a key given twice keeps its last value.
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var property in model.MetadataProps)
        {
            metadata[property.Key] = property.Value;
        }

        if (metadata.GetValueOrDefault(OnnxModelContract.ProducerKey) != OnnxModelContract.ProducerName)
        {
            throw new InvalidDataException(
                $"'{path}' was not exported by Digits.Sdk (its metadata has no '{OnnxModelContract.ProducerKey}' = '{OnnxModelContract.ProducerName}'), so its weights are not ours to vouch for.");
        }

        var source = $"'{path}'";
        if (metadata.TryGetValue(OnnxModelContract.WeightsDigestKey, out var recorded))
        {
            OnnxWeightsDigest.Check(bytes, recorded, source);
            return false;
        }

        string digest;
        try
        {
            digest = OnnxWeightsDigest.Compute(bytes);
        }
        catch (InvalidDataException error)
        {
            throw new InvalidDataException($"{source} is damaged: its weights cannot be read ({error.Message}).", error);
        }

        // A repeated field may be continued anywhere in a message, so the entry is appended after the file's last byte.
        var entry = new StringStringEntryProto { Key = OnnxModelContract.WeightsDigestKey, Value = digest };
        CheckpointStorage.Default.WriteAtomically(path, stream =>
        {
            stream.Write(bytes);
            var output = new CodedOutputStream(stream, leaveOpen: true);
            output.WriteTag(ModelProto.MetadataPropsFieldNumber, WireFormat.WireType.LengthDelimited);
            output.WriteMessage(entry);
            output.Flush();
        });
        return true;
    }

    /// <summary>The SDK version without the source-control suffix, e.g. <c>0.1.0</c>.</summary>
    internal static string ProducerVersion { get; } =
        typeof(OnnxExporter).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]
        ?? typeof(OnnxExporter).Assembly.GetName().Version?.ToString()
        ?? "0.0.0";

    /// <summary>
    /// What the model will say about its data: the options' values where given, else the data set's, and an error
    /// naming what is missing when neither says.
    /// </summary>
    private static ModelDescription Describe(NetworkArchitecture architecture, OnnxExportOptions options, DatasetIdentity? trainedOn)
    {
        if (options.Opset is < OnnxExportOptions.MinimumOpset or > OnnxExportOptions.MaximumOpset)
        {
            throw new ArgumentException(
                $"Opset {options.Opset} is not supported; choose one from {OnnxExportOptions.MinimumOpset} to {OnnxExportOptions.MaximumOpset}.",
                nameof(options));
        }

        var dataset = options.Dataset ?? trainedOn;
        var classNames = (options.ClassNames ?? dataset?.ClassNames)?.ToArray()
            ?? throw Unknown(architecture, "class names");
        if (classNames.Length != architecture.Classes)
        {
            throw new ArgumentException(
                $"Network '{architecture.Name}' predicts {architecture.Classes} classes, but {classNames.Length} class names were given{(options.ClassNames is null && dataset is not null ? $" by {dataset.Title}" : string.Empty)}.",
                nameof(options));
        }

        if ((options.NormalizationMean is null) != (options.NormalizationStandardDeviation is null))
        {
            throw new ArgumentException("Give the normalisation's mean and standard deviation together, or neither.", nameof(options));
        }

        var channels = architecture.Input.Rank == 3 ? architecture.Input[0] : 1;
        IReadOnlyList<float> mean, std;
        if (options.NormalizationMean is not null && options.NormalizationStandardDeviation is not null)
        {
            (mean, std) = (options.NormalizationMean, options.NormalizationStandardDeviation);
        }
        else if (dataset is not null)
        {
            (mean, std) = ([(float)dataset.Normalization.Mean], [(float)dataset.Normalization.Std]);
        }
        else
        {
            throw Unknown(architecture, "normalisation");
        }
        foreach (var (values, what) in new[] { (mean, "mean"), (std, "standard deviation") })
        {
            if (values.Count != 1 && values.Count != channels)
            {
                throw new ArgumentException(
                    $"The normalisation {what} has {values.Count} values; give one, or one per input channel ({channels}).", nameof(options));
            }
        }

        if (std.Any(value => !(value > 0) || !float.IsFinite(value)))
        {
            throw new ArgumentException("Every normalisation standard deviation must be a positive finite number.", nameof(options));
        }

        return new ModelDescription(
            dataset?.Name,
            classNames,
            [.. PerChannel(mean, channels)],
            [.. PerChannel(std, channels)],
            options.Preprocessing ?? dataset?.Preprocessing ?? ImagePreprocessing.None);
    }

    private static ArgumentException Unknown(NetworkArchitecture architecture, string what) => new(
        $"The {what} of '{architecture.Name}' are unknown: the network was neither returned by a training run nor loaded from a checkpoint, "
        + "which record the data set it was trained on. Export the trained run's model, or say which data set it is for with "
        + "OnnxExportOptions.Dataset (for example Datasets.Mnist.Identity or yourData.Train.Identity).",
        "options");

    private static IEnumerable<float> PerChannel(IReadOnlyList<float> values, int channels) =>
        values.Count == 1 ? Enumerable.Repeat(values[0], channels) : values;

    private static string FormatNumbers(IEnumerable<float> values) =>
        "[" + string.Join(",", values.Select(value => value.ToString("R", CultureInfo.InvariantCulture))) + "]";

    private static void AddMetadata(ModelProto model, string key, string value) =>
        model.MetadataProps.Add(new StringStringEntryProto { Key = key, Value = value });

    /// <summary>Everything the model's metadata says about the data it takes.</summary>
    private sealed record ModelDescription(string? Dataset, string[] ClassNames, float[] Mean, float[] StandardDeviation, ImagePreprocessing Preprocessing);

    // The same atomic write as checkpoints: a temporary file renamed over the model, and failures that name the model.
    private static void Write(ModelProto model, string path)
        => CheckpointStorage.Default.WriteAtomically(path, model.WriteTo);
}

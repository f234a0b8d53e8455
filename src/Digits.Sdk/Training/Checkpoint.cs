using System.Globalization;
using System.Text;
using System.Text.Json;
using Digits.Sdk.Data;
using Digits.Sdk.Modeling;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Digits.Sdk.Training;

/// <summary>
/// A saved training state: the weights, the optimizer's state, where the run was (epoch, batch), its seed and
/// history, and the network's name and architecture hash, in one file.
/// </summary>
/// <remarks>
/// <para>The file format (version 2), all integers little-endian. Every byte is either a constant that is compared (the
/// magic, the end marker) or covered by a CRC-32C checksum, checked by <see cref="Read"/> before anything in the file
/// is believed, so a damaged file is refused with the section and its offsets rather than loaded.</para>
/// <list type="table">
/// <item><term>8 bytes</term><description>the ASCII magic <c>DIGITCKP</c>.</description></item>
/// <item><term>int32</term><description>the format version, 2.</description></item>
/// <item><term>int32</term><description>the length of the manifest.</description></item>
/// <item><term>int64</term><description>the length of the weights.</description></item>
/// <item><term>int64</term><description>the length of the optimizer state.</description></item>
/// <item><term>uint32</term><description>the CRC-32C of the 32 bytes above (the header), so no length is believed unchecked.</description></item>
/// <item><term>bytes + uint32</term><description>the UTF-8 text of a JSON manifest and its CRC-32C: <c>formatVersion</c>, <c>network</c>, <c>architectureHash</c>,
/// <c>optimizer</c>, <c>seed</c>, <c>epoch</c> (completed epochs), <c>batchInEpoch</c> (completed batches of the next epoch when the
/// run stopped mid-epoch), <c>partialEpoch</c>, <c>epochs</c>, <c>savedAt</c>, <c>history</c> (one entry per epoch), <c>bestEpoch</c>, <c>dataset</c> (name, title, class names, image shape, mean, std, preprocessing and whether it is a catalog data set; absent in older files, which are taken as MNIST), <c>calibration</c> (the fitted temperature and what it changed on the validation split; absent for an uncalibrated network).</description></item>
/// <item><term>bytes + uint32</term><description>the weights and their CRC-32C: every parameter and buffer in TorchSharp's <c>Module.save</c> format.</description></item>
/// <item><term>bytes + uint32</term><description>the optimizer state and its CRC-32C, in TorchSharp's <c>Optimizer.save_state_dict</c> format; empty for L-BFGS, whose state TorchSharp keeps in native code.</description></item>
/// <item><term>8 bytes</term><description>the ASCII end marker <c>DIGITEND</c>, then the end of the file.</description></item>
/// </list>
/// <para>Version 1, written before checkpoints carried checksums, has the magic, the version (1), then each section
/// after its length (the manifest's an int32, the others int64) and the end marker. Such files still load; damage
/// inside them can only be found where it breaks a section's structure, and <see cref="Note"/> says so.</para>
/// <para>Behind the checksums, the weights are checked against the network and the optimizer state against the
/// optimizer, field by field, before TorchSharp reads them.</para>
/// <para>Files are written to a temporary name in the same folder (<c>.NAME.PID-GUID.tmp</c>) and renamed over the
/// old file once flushed, so a failure or a crash while saving leaves the previous checkpoint intact. A process
/// killed between the two leaves its temporary file behind; the next write of the same checkpoint, and the next
/// training run into the same folder, delete those of processes that no longer run.</para>
/// </remarks>
/// <example>
/// <code>
/// var model = Checkpoint.Load&lt;MnistCnn&gt;("runs/cnn/best.ckpt");
/// var info = Checkpoint.Read("runs/cnn/last.ckpt");
/// Console.WriteLine($"{info.NetworkName} after {info.Epoch} epochs");
/// </code>
/// </example>
public sealed class Checkpoint
{
    /// <summary>The file name extension of checkpoints.</summary>
    public const string Extension = ".ckpt";

    internal const int FormatVersion = CheckpointFile.Version;

    private readonly byte[] weights;
    private readonly byte[] optimizerState;

    private Checkpoint(string path, CheckpointManifest manifest, CheckpointFile.Layout layout, byte[] weights, byte[] optimizerState)
    {
        Path = path;
        Manifest = manifest;
        Note = layout.HasChecksums
            ? null
            : $"'{path}' is a checkpoint of format {layout.FormatVersion}, written before checkpoints carried checksums: it loads, but damage inside it cannot be detected. Checkpoints written now (format {FormatVersion}) are checked on every load.";
        Dataset = manifest.Dataset?.ToIdentity(path) ?? Datasets.Mnist.Identity with
        {
            Note = $"'{path}' was saved before checkpoints recorded their data set, so MNIST is assumed (classes 0 to 9, MNIST's normalisation and digit preprocessing); if it was trained on another data set, say which when exporting it (digits export --dataset, or OnnxExportOptions.Dataset).",
        };
        this.weights = weights;
        this.optimizerState = optimizerState;
        WeightsOffset = layout.Weights.Offset;
        OptimizerStateOffset = layout.OptimizerState.Offset;
    }

    /// <summary>The file the checkpoint was read from.</summary>
    public string Path { get; }

    /// <summary>The class name of the network the weights belong to.</summary>
    public string NetworkName => Manifest.Network;

    /// <summary>The architecture hash of that network (<see cref="NetworkArchitecture.Hash"/>).</summary>
    public string ArchitectureHash => Manifest.ArchitectureHash;

    /// <summary>The name of the optimizer, such as <c>AdamW</c>.</summary>
    public string OptimizerName => Manifest.Optimizer;

    /// <summary>The seed of the run.</summary>
    public int Seed => Manifest.Seed;

    /// <summary>The number of completed epochs.</summary>
    public int Epoch => Manifest.Epoch;

    /// <summary>How many batches of the following epoch were done when the run was stopped mid-epoch (cancelled); 0 at an epoch boundary.</summary>
    public int BatchInEpoch => Manifest.BatchInEpoch;

    /// <summary>When the checkpoint was written.</summary>
    public DateTimeOffset SavedAt => Manifest.SavedAt;

    /// <summary>The metrics of every completed epoch.</summary>
    public IReadOnlyList<EpochMetrics> History => Manifest.History;

    /// <summary>
    /// The data set the network was trained on: classes, image shape, normalisation and preprocessing. For a checkpoint
    /// written before checkpoints recorded it, MNIST's, with a <see cref="DatasetIdentity.Note"/> saying it was assumed.
    /// </summary>
    public DatasetIdentity Dataset { get; }

    /// <summary>
    /// What the user should know about this file before trusting it, or <see langword="null"/>: for a checkpoint of
    /// format 1, which has no checksums, that damage inside it cannot be detected.
    /// </summary>
    /// <remarks>The <c>digits</c> tool prints it on stderr, as it prints <see cref="DatasetIdentity.Note"/>.</remarks>
    public string? Note { get; }

    /// <summary>
    /// The temperature the network's probabilities are calibrated with (fitted on the run's validation split), or
    /// <see langword="null"/> when the run had no validation split, calibration was off, or the file predates it.
    /// </summary>
    public Evaluation.TemperatureCalibration? Calibration => Manifest.Calibration;

    internal CheckpointManifest Manifest { get; }

    /// <summary>Where the weights section starts in the file, so damage found inside it is named by the file's offset too.</summary>
    internal int WeightsOffset { get; }

    /// <summary>Where the optimizer state section starts in the file.</summary>
    internal int OptimizerStateOffset { get; }

    /// <summary>The optimizer state section as it is in the file.</summary>
    internal ReadOnlySpan<byte> OptimizerStateBytes => optimizerState;

    /// <summary>Creates a network of type <typeparamref name="TNetwork"/> with the weights of a checkpoint, in evaluation mode.</summary>
    /// <typeparam name="TNetwork">The declared network the checkpoint was saved from.</typeparam>
    /// <param name="path">The checkpoint file.</param>
    /// <returns>The network, which the caller owns.</returns>
    /// <exception cref="CheckpointMismatchException">The checkpoint belongs to another architecture.</exception>
    /// <exception cref="InvalidDataException">The file is not a checkpoint or is damaged.</exception>
    public static TNetwork Load<TNetwork>(string path)
        where TNetwork : nn.Module<Tensor, Tensor>, INetwork, new()
    {
        var checkpoint = Read(path);
        Native.TorchRuntime.EnsureAvailable();
        return checkpoint.LoadIntoNew(() => new TNetwork());
    }

    /// <summary>
    /// Creates a network with <paramref name="create"/>, loads the weights into it (<see cref="LoadInto"/>) and puts it in
    /// evaluation mode; a network that cannot take them is disposed, not leaked.
    /// </summary>
    internal TNetwork LoadIntoNew<TNetwork>(Func<TNetwork> create)
        where TNetwork : nn.Module<Tensor, Tensor>
    {
        var network = create();
        try
        {
            LoadInto(network);
            network.eval();
            return network;
        }
        catch
        {
            network.Dispose();
            throw;
        }
    }

    /// <summary>Reads a checkpoint file (the manifest and the serialised tensors), without loading it into a network.</summary>
    /// <param name="path">The checkpoint file.</param>
    /// <returns>The checkpoint.</returns>
    /// <exception cref="FileNotFoundException">There is no such file.</exception>
    /// <exception cref="InvalidDataException">
    /// The file is not a checkpoint, is truncated, or is damaged (a section does not match its checksum, or its manifest is
    /// not what Digits.Sdk writes); the message names the section and the offset.
    /// </exception>
    public static Checkpoint Read(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        return Parse(File.ReadAllBytes(path), path);
    }

    /// <summary>Reads a checkpoint from the bytes of the file <paramref name="path"/> (named in messages).</summary>
    internal static Checkpoint Parse(byte[] bytes, string path)
    {
        var layout = CheckpointFile.Read(bytes, path);
        var manifestStart = layout.Manifest.Offset;
        var manifestBytes = bytes.AsSpan(manifestStart, layout.Manifest.Length);
        CheckpointManifest manifest;
        try
        {
            manifest = JsonSerializer.Deserialize(manifestBytes, CheckpointJsonContext.Default.CheckpointManifest)
                ?? throw new InvalidDataException($"'{path}' has an empty manifest at offset {manifestStart}.");
        }
        catch (JsonException error)
        {
            throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture, $"'{path}' has a damaged JSON manifest at offset {manifestStart}: {error.Message}"), error);
        }

        if (manifest.History.Any(epoch => epoch is null))
        {
            // Nullable annotations do not reach list elements, so a null epoch would only fail where the history is used.
            throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture, $"'{path}' has a damaged JSON manifest at offset {manifestStart}: its history holds a null epoch."));
        }

        var weights = bytes.AsSpan(layout.Weights.Offset, layout.Weights.Length).ToArray();
        var optimizerState = bytes.AsSpan(layout.OptimizerState.Offset, layout.OptimizerState.Length).ToArray();
        return new Checkpoint(path, manifest, layout, weights, optimizerState);
    }

    /// <summary>
    /// Loads the checkpoint's weights into <paramref name="network"/>, after checking that its architecture is the one
    /// the checkpoint was saved from, and records the checkpoint's <see cref="Dataset"/> (<see cref="NetworkDatasets"/>) and
    /// <see cref="Calibration"/> (<see cref="Evaluation.NetworkCalibration"/>) for it.
    /// </summary>
    /// <param name="network">A network of the same architecture.</param>
    /// <exception cref="CheckpointMismatchException">The network's architecture differs.</exception>
    /// <exception cref="InvalidDataException">The weights section is damaged (the network may then hold some of its weights).</exception>
    public void LoadInto(nn.Module<Tensor, Tensor> network)
    {
        ArgumentNullException.ThrowIfNull(network);
        Native.TorchRuntime.EnsureAvailable();
        var hash = NetworkIdentity.HashOf(network);
        if (hash != ArchitectureHash)
        {
            throw new CheckpointMismatchException(Path, NetworkName, ArchitectureHash, NetworkIdentity.NameOf(network), hash);
        }

        CheckpointWeights.Verify(weights, WeightsOffset, network, Path, NetworkName);
        using var reader = new BinaryReader(new MemoryStream(weights, writable: false));
        try
        {
            network.load(reader, strict: true);
        }
        catch (Exception error) when (error is ArgumentException or IOException or FormatException or OverflowException)
        {
            // TorchSharp's reader says what it tripped over in its own terms (a state name, the end of a stream); the user
            // needs to hear that the file's weights are damaged. The architecture hash matched, so nothing else explains it.
            throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture, $"'{Path}' is damaged: its weights section ({weights.Length} bytes) does not hold the weights of {NetworkName}: {error.Message}"), error);
        }

        NetworkDatasets.Record(network, Dataset);
        if (Calibration is { } calibration)
        {
            Evaluation.NetworkCalibration.Record(network, calibration);
        }
        else
        {
            // The network now holds this checkpoint's weights; a temperature fitted to other weights no longer applies.
            Evaluation.NetworkCalibration.Clear(network);
        }
    }

    /// <summary>
    /// Writes this checkpoint again, atomically, with <paramref name="manifest"/> instead of its own and the same weights
    /// and optimizer state byte for byte: how a run adds the temperature it fitted once training ended.
    /// </summary>
    internal void Rewrite(CheckpointManifest manifest, CheckpointStorage storage)
    {
        var manifestBytes = JsonSerializer.SerializeToUtf8Bytes(manifest with { FormatVersion = FormatVersion }, CheckpointJsonContext.Default.CheckpointManifest);
        storage.WriteAtomically(Path, stream => CheckpointFile.Write(stream, manifestBytes, weights, optimizerState));
    }

    /// <summary>Restores the optimizer's state (moments, momentum buffers, step counts) where TorchSharp can serialise it.</summary>
    internal void LoadOptimizerState(optim.Optimizer optimizer)
    {
        if (optimizerState.Length == 0 || optimizer is not OptimizerHelper helper)
        {
            return;
        }

        // Walked first: TorchSharp's reader allocates whatever ranks and sizes the section claims before comparing them.
        CheckpointOptimizerState.Verify(optimizerState, OptimizerStateOffset, helper, Path, NetworkName);
        using var reader = new BinaryReader(new MemoryStream(optimizerState, writable: false));
        try
        {
            helper.load_state_dict(reader);
        }
        catch (Exception error) when (error is InvalidDataException or ArgumentException or IOException or FormatException or OverflowException)
        {
            // The walk accepted every field TorchSharp reads, so only a disagreement between the two about the format is left.
            throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture, $"'{Path}' is damaged: its optimizer state ({optimizerState.Length} bytes) cannot be read: {error.Message}"), error);
        }
    }

    /// <summary>Writes a checkpoint atomically (see the remarks on <see cref="Checkpoint"/>).</summary>
    internal static void Write(string path, CheckpointManifest manifest, nn.Module module, optim.Optimizer? optimizer, CheckpointStorage? storage = null)
    {
        // Serialise everything before touching the file system, so a failure here cannot even create a temporary file.
        var manifestBytes = JsonSerializer.SerializeToUtf8Bytes(manifest with { FormatVersion = FormatVersion }, CheckpointJsonContext.Default.CheckpointManifest);
        var weights = new MemoryStream();
        using (var writer = new BinaryWriter(weights, Encoding.UTF8, leaveOpen: true))
        {
            module.save(writer);
        }

        var optimizerState = new MemoryStream();
        if (optimizer is OptimizerHelper helper)
        {
            using var writer = new BinaryWriter(optimizerState, Encoding.UTF8, leaveOpen: true);
            helper.save_state_dict(writer);
        }

        (storage ?? CheckpointStorage.Default).WriteAtomically(path, stream => CheckpointFile.Write(
            stream,
            manifestBytes,
            weights.GetBuffer().AsSpan(0, (int)weights.Length),
            optimizerState.GetBuffer().AsSpan(0, (int)optimizerState.Length)));
    }
}

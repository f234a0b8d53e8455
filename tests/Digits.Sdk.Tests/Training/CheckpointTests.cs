using Digits.Sdk.Tests.Infrastructure;
using Digits.Sdk.Training;

namespace Digits.Sdk.Tests.Training;

[Collection(TrainingCollection.Name)]
public sealed class CheckpointTests(MnistFixture mnist)
{
    private TrainingBuilder<TinyCnn> Builder => Trainer.For<TinyCnn>().Optimizer(Optimizers.AdamW(learningRate: 2e-3)).BatchSize(100).Seed(3);

    [Fact]
    public void Training_with_checkpoints_writes_last_and_best_with_the_run_state()
    {
        using var folder = new TemporaryFolder();

        var run = Builder.Epochs(2).Checkpoints(folder.Path).Fit(mnist.Small, mnist.Validation);

        var last = Checkpoint.Read(Path.Combine(folder.Path, "last.ckpt"));
        Assert.Equal("TinyCnn", last.NetworkName);
        Assert.Equal(TinyCnn.Architecture.Hash, last.ArchitectureHash);
        Assert.Equal("AdamW", last.OptimizerName);
        Assert.Equal(3, last.Seed);
        Assert.Equal(2, last.Epoch);
        Assert.Equal(TrainerTests.Numbers(run.History), TrainerTests.Numbers(new TrainingHistory(last.History, null)));
        Assert.True(File.Exists(Path.Combine(folder.Path, "best.ckpt")));
        Assert.Equal(Path.Combine(folder.Path, "last.ckpt"), run.CheckpointPath);
        Assert.Empty(Directory.GetFiles(folder.Path, "*.tmp"));
    }

    [Fact]
    public void A_loaded_checkpoint_predicts_like_the_trained_model()
    {
        using var folder = new TemporaryFolder();
        var run = Builder.Epochs(1).Checkpoints(folder.Path).Fit(mnist.Small);

        using var loaded = Checkpoint.Load<TinyCnn>(run.CheckpointPath!);

        var expected = BatchedScoring.LossAndAccuracy(run.Model, mnist.Validation, Losses.CrossEntropy(), run.Device, 1000);
        var actual = BatchedScoring.LossAndAccuracy(loaded, mnist.Validation, Losses.CrossEntropy(), run.Device, 1000);
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void A_failed_checkpoint_write_keeps_the_old_checkpoint_and_leaves_no_temporary_file()
    {
        using var folder = new TemporaryFolder();
        var run = Builder.Epochs(1).Checkpoints(folder.Path).Fit(mnist.Small);
        var path = run.CheckpointPath!;
        var before = File.ReadAllBytes(path);
        var manifest = Checkpoint.Read(path).Manifest with { Epoch = 99 };

        // The disk "fills up" after 10 kB: the weights are half written when the write fails.
        var storage = new FailingStorage(failAfterBytes: 10_000);
        Assert.Throws<IOException>(() => Checkpoint.Write(path, manifest, run.Model, optimizer: null, storage));

        Assert.True(storage.Failed);
        Assert.Equal(before, File.ReadAllBytes(path));
        Assert.Equal(1, Checkpoint.Read(path).Epoch);
        Assert.Equal([path], Directory.GetFiles(folder.Path));
    }

    [Fact]
    public void A_training_run_whose_checkpoint_write_fails_reports_it_and_keeps_the_previous_epoch()
    {
        using var folder = new TemporaryFolder();
        Builder.Epochs(1).Checkpoints(folder.Path).Fit(mnist.Small);
        var path = Path.Combine(folder.Path, "last.ckpt");
        var before = File.ReadAllBytes(path);

        Assert.Throws<IOException>(() => Builder.Epochs(2).Resume(path).Checkpoints(folder.Path).WithStorage(new FailingStorage(failAfterBytes: 5_000)).Fit(mnist.Small));

        Assert.Equal(before, File.ReadAllBytes(path));
        Assert.Empty(Directory.GetFiles(folder.Path, "*.tmp"));
    }

    [Fact]
    public void Resume_continues_from_the_saved_epoch_and_matches_an_uninterrupted_run()
    {
        using var folder = new TemporaryFolder();
        var straight = Builder.Epochs(3).Fit(mnist.Small, mnist.Validation);

        Builder.Epochs(1).Checkpoints(folder.Path).Fit(mnist.Small, mnist.Validation);
        var reports = new List<TrainingProgress>();
        var resumed = Builder.Epochs(3).Checkpoints(folder.Path).Resume(Path.Combine(folder.Path, "last.ckpt"))
            .Fit(mnist.Small, mnist.Validation, new SynchronousProgress<TrainingProgress>(reports.Add));

        Assert.Equal(2, reports.First(r => r.Phase == TrainingPhase.Training).Epoch);
        Assert.Equal([1, 2, 3], resumed.History.Select(e => e.Epoch));
        Assert.Equal(TrainerTests.Numbers(straight.History), TrainerTests.Numbers(resumed.History));
    }

    [Fact]
    public void Cancelling_saves_a_checkpoint_mid_epoch_that_resumes_exactly_where_it_stopped()
    {
        using var folder = new TemporaryFolder();
        var straight = Builder.Epochs(2).Fit(mnist.Small, mnist.Validation);

        using var cancellation = new CancellationTokenSource();
        var progress = new SynchronousProgress<TrainingProgress>(r =>
        {
            if (r is { Phase: TrainingPhase.Training, Epoch: 2, Batch: 7 })
            {
                cancellation.Cancel();
            }
        });
        var error = Assert.Throws<TrainingCanceledException>(() => Builder.Epochs(2).Checkpoints(folder.Path).Fit(mnist.Small, mnist.Validation, progress, cancellation.Token));

        Assert.Equal(Path.Combine(folder.Path, "last.ckpt"), error.CheckpointPath);
        Assert.Single(error.History);
        var saved = Checkpoint.Read(error.CheckpointPath!);
        Assert.Equal((1, 7), (saved.Epoch, saved.BatchInEpoch));

        var resumed = Builder.Epochs(2).Resume(error.CheckpointPath!).Fit(mnist.Small, mnist.Validation);
        Assert.Equal(TrainerTests.Numbers(straight.History), TrainerTests.Numbers(resumed.History));
    }

    [Fact]
    public void Loading_a_checkpoint_into_another_architecture_fails_naming_both()
    {
        using var folder = new TemporaryFolder();
        var run = Builder.Epochs(1).Checkpoints(folder.Path).Fit(mnist.Small);

        var error = Assert.Throws<CheckpointMismatchException>(() => Checkpoint.Load<TinyLinear>(run.CheckpointPath!));

        Assert.Contains("'TinyCnn'", error.Message, StringComparison.Ordinal);
        Assert.Contains("'TinyLinear'", error.Message, StringComparison.Ordinal);
        Assert.Contains(run.CheckpointPath!, error.Message, StringComparison.Ordinal);
        Assert.Throws<CheckpointMismatchException>(() => Trainer.For<TinyLinear>().Resume(run.CheckpointPath!).Fit(mnist.Small));
    }

    [Fact]
    public void A_truncated_checkpoint_names_the_offset()
    {
        using var folder = new TemporaryFolder();
        var run = Builder.Epochs(1).Checkpoints(folder.Path).Fit(mnist.Small);
        var bytes = File.ReadAllBytes(run.CheckpointPath!);
        var truncated = folder.File("truncated.ckpt");
        File.WriteAllBytes(truncated, bytes[..(bytes.Length / 2)]);

        var error = Assert.Throws<InvalidDataException>(() => Checkpoint.Read(truncated));

        Assert.Contains(truncated, error.Message, StringComparison.Ordinal);
        Assert.Contains("offset", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_that_is_not_a_checkpoint_is_refused()
    {
        using var folder = new TemporaryFolder();
        var path = folder.File("weights.bin");
        File.WriteAllText(path, "not a checkpoint at all");

        var error = Assert.Throws<InvalidDataException>(() => Checkpoint.Read(path));
        Assert.Contains("DIGITCKP", error.Message, StringComparison.Ordinal);
    }

    /// <summary>Real files, but every stream it creates throws once <c>failAfterBytes</c> have been written, like a full disk.</summary>
    private sealed class FailingStorage(long failAfterBytes) : CheckpointStorage
    {
        public bool Failed { get; private set; }

        public override Stream Create(string path) => new FailingStream(base.Create(path), failAfterBytes, () => Failed = true);
    }

    private sealed class FailingStream(Stream inner, long limit, Action onFailure) : Stream
    {
        private long written;

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => inner.Length;

        public override long Position { get => inner.Position; set => throw new NotSupportedException(); }

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            if (written + buffer.Length > limit)
            {
                var room = (int)(limit - written);
                inner.Write(buffer[..room]);
                written = limit;
                onFailure();
                throw new IOException("No space left on device (simulated).");
            }

            inner.Write(buffer);
            written += buffer.Length;
        }

        public override void Flush() => inner.Flush();

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}

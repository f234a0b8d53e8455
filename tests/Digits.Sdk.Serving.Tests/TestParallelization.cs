// Test classes run one at a time: the concurrency test measures memory and throughput-free correctness under load,
// and the browser and Kestrel tests each start a server; running them beside each other would make the memory
// comparison measure the neighbours.
[assembly: CollectionBehavior(DisableTestParallelization = true)]

# Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
#
# Run by UffdHolder as `perl -e <this text> <pid>` (root), beside a `criu lazy-pages`
# daemon <pid>: takes a second reference to every userfaultfd the daemon holds
# (pidfd_getfd(2): one per restored task, and one per task it forks while the daemon
# lives), and keeps them. While the daemon serves them nothing changes; once it is gone,
# the kernel keeps the restored memory registered, so a page the tree had not pulled yet
# makes it wait for ever (a fatal signal ends it) instead of reading as zeros, until the
# NodeManager ended the tree. UffdHolder ends this process (SIGKILL) to let go: at once
# when the daemon exited 0 (every page in place; a registration left without a reader
# would stop the tree at its next fork or munmap), after the tree was ended otherwise.
# Prints "ready" once it watches the daemon, "held <n>" as the count grows, "error ..."
# and exits 1 when it cannot. pidfd_open and pidfd_getfd have the same numbers on every
# architecture (434, 438; Linux 5.6).
use strict;
use warnings;
$| = 1;
my $pid = shift;
if (!defined $pid || $pid !~ /^[1-9][0-9]*$/) {
  print "error usage: uffd-holder <pid>\n";
  exit 1;
}
my $pidfd = syscall(434, $pid + 0, 0);
if ($pidfd < 0) {
  print "error pidfd_open($pid): $!\n";
  exit 1;
}
print "ready\n";
my %held;
my $gone = '';
vec($gone, $pidfd, 1) = 1;
while (1) {
  if (opendir(my $d, "/proc/$pid/fd")) {
    for my $fd (grep { /^[0-9]+$/ } readdir($d)) {
      next if exists $held{$fd};
      my $l = readlink("/proc/$pid/fd/$fd");
      next unless defined $l && $l eq 'anon_inode:[userfaultfd]';
      my $mine = syscall(438, $pidfd, $fd + 0, 0);
      if ($mine >= 0) {
        $held{$fd} = $mine;
        print "held " . scalar(keys %held) . "\n";
      }
    }
    closedir($d);
  }
  # a pidfd reads ready once its process ended: the daemon's fds are not looked at again
  # (its pid may be another process's soon)
  my $rout = $gone;
  last if select($rout, undef, undef, 0.002) > 0;
}
print "daemon ended, holding " . scalar(keys %held) . "\n";
# until UffdHolder ends it; a NodeManager that died leaves it 10 minutes at most
sleep(600);

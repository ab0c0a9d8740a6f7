/*
 * A process whose main thread ends before the process does: it starts a thread that waits for a signal, writes its
 * pid to the file named by its argument (whole, by a rename), and ends the main thread alone (pthread_exit). Linux then shows the
 * main thread as a zombie while the process runs on; SIGTERM ends it.
 */
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

static void *wait_for_a_signal(void *unused) {
    for (;;) {
        pause();
    }
    return unused;
}

int main(int argc, char **argv) {
    pthread_t waiter;
    if (argc != 2 || pthread_create(&waiter, NULL, wait_for_a_signal, NULL) != 0) {
        return 2;
    }
    char partial[4096];
    if (snprintf(partial, sizeof partial, "%s.partial", argv[1]) >= (int) sizeof partial) {
        return 3;
    }
    FILE *ready = fopen(partial, "w");
    if (ready == NULL || fprintf(ready, "%ld\n", (long) getpid()) < 0 || fclose(ready) != 0
            || rename(partial, argv[1]) != 0) {
        return 4;
    }
    pthread_exit(NULL);
}

/* SPDX-License-Identifier: MIT */
/*
 * 16550 UART on COM1: the hypervisor's serial console sink, and its input
 * (polled: core/console_input.c reads it from a timer, no interrupt).
 */
#include <hv/cmdline.h>
#include <hv/arch.h>
#include <hv/console.h>
#include <asm/processor.h>
#include <asm/setup.h>

#define UART_THR    0   /* transmit holding (write) */
#define UART_RBR    0   /* receive buffer (read) */
#define UART_DLL    0   /* divisor low (DLAB=1) */
#define UART_IER    1
#define UART_DLM    1   /* divisor high (DLAB=1) */
#define UART_FCR    2
#define UART_LCR    3
#define UART_MCR    4
#define UART_LSR    5
#define UART_SCR    7
#define LSR_DR      0x01    /* a received byte waits */
#define LSR_THRE    0x20
#define LCR_DLAB    0x80
#define UART_CLOCK  115200

static uint16_t com_port;
static bool com_present;

static void serial_putc(char c)
{
    /* Bounded wait: a missing or wedged UART must not hang the machine. */
    for (unsigned int i = 0; i < 100000; i++)
        if (inb(com_port + UART_LSR) & LSR_THRE)
            break;
    outb(com_port + UART_THR, (uint8_t)c);
}

static void serial_write(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '\n')
            serial_putc('\r');
        serial_putc(s[i]);
    }
}

static struct console_sink serial_sink = {
    .name = "com1",
    .write = serial_write,
};

void serial_init(uint16_t port, uint32_t baud)
{
    uint16_t div = (uint16_t)(UART_CLOCK / (baud ? baud : UART_CLOCK));

    com_port = port;
    /* Scratch register check: no UART there, no sink. */
    outb(port + UART_SCR, 0x5a);
    if (inb(port + UART_SCR) != 0x5a)
        return;
    outb(port + UART_IER, 0);
    outb(port + UART_LCR, LCR_DLAB);
    outb(port + UART_DLL, div & 0xff);
    outb(port + UART_DLM, div >> 8);
    outb(port + UART_LCR, 0x03);        /* 8N1 */
    outb(port + UART_FCR, 0x07);        /* enable and clear FIFOs */
    outb(port + UART_MCR, 0x03);        /* DTR, RTS */
    com_present = true;
    console_register(&serial_sink);
}

int arch_console_getc(void)
{
    if (!com_present || !(inb(com_port + UART_LSR) & LSR_DR))
        return -1;
    return inb(com_port + UART_RBR);
}

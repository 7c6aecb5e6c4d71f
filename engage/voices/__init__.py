"""Every free-text voice from any channel, analysed when saved, reviewed by officers."""
